import { createFlagsDiscoveryEndpoint, getProviderData } from 'flags/next';
import * as flags from '../../../../flags';

// The Flags Explorer's discovery endpoint: the flags' definitions, for a caller that proves it
// holds FLAGS_SECRET (an Authorization header the SDK's verifyAccess checks).
export const GET = createFlagsDiscoveryEndpoint(() => getProviderData(flags));
