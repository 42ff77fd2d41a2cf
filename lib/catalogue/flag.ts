/**
 * The Flag model moved to lib/flags/flag.ts. This re-export (types only) stays for lib/evidence,
 * which another branch is moving to lib/signoff: point that import at lib/flags/flag and delete
 * this file once it lands.
 */
export type { Flag } from '../flags/flag';
