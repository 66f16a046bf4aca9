import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { actorSchema } from '../../shared/protocol/auth.ts';
import type { AccountRecord } from './accounts-memory.ts';

/**
 * Outside demo mode accounts come from a JSON file an administrator writes:
 * `{"accounts": [{userId, username, displayName, role, countyCode, townshipCode?, unitId?, passwordHash}]}`.
 * Only argon2 hashes are accepted, so the file never holds a password.
 */
const accountsFileSchema = z.strictObject({
  accounts: z.array(
    actorSchema.extend({
      passwordHash: z.string().regex(/^\$argon2(id|i|d)\$/, 'passwordHash: an argon2 PHC string ($argon2id$…), never a plain password'),
    }),
  ),
});

export function readAccountsFile(path: string): AccountRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`accounts file ${path} could not be read as JSON: ${(error as Error).message}`);
  }
  const parsed = accountsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`accounts file ${path}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data.accounts;
}
