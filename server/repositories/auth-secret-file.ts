import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'auth-secret';

/**
 * The demo-mode token secret, kept in the data directory so a restart does not sign everyone out.
 * Created once (owner-only permissions); a production server is given its secret instead.
 */
export function readOrCreateSecret(dataDir: string): Buffer {
  const path = join(dataDir, FILE);
  try {
    const hex = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64,}$/.test(hex)) return Buffer.from(hex, 'hex');
    throw new Error(`${path} does not hold a hex secret of at least 32 bytes; delete it to have a new one made`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // Written aside and linked into place, so a concurrent reader never sees a half-written file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${secret.toString('hex')}\n`, { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    // Another process made it first: use theirs, so both accept the same tokens.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecret(dataDir);
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return secret;
}
