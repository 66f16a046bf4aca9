import { fileURLToPath } from 'node:url';

/** The repository root, so the server finds data/grids and dist/client wherever it is started from. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
