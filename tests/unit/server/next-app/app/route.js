import { headers } from 'next/headers';
import { flagtabDecision, flagtabValues } from '../../../../../packages/server/src/next';

// Reads the verdict both ways a route can: next/headers (as a server component would) and the
// route handler's own request. `forwarded` is what reached the route under the values header.
export async function GET(request) {
  const { status, values } = flagtabDecision(await headers());
  return Response.json({ status, values, fromRequest: flagtabValues(request.headers), forwarded: request.headers.get('x-flagtab-values') });
}
