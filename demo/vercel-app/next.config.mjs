import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Turbopack compiles nothing outside its root (the nearest lockfile's folder, the repository).
// A worktree whose node_modules links to another checkout's needs a root above both
// (as tests/unit/server/next-app/next.config.mjs).
const repo = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const modules = realpathSync(`${repo}/node_modules`);
let root = repo;
while (!`${modules}/`.startsWith(`${root}/`)) root = root.slice(0, root.lastIndexOf('/'));

export default { turbopack: { root } };
