import type { Actor } from '../../shared/domain/capabilities.ts';

/** A stored account: who it is (the Actor the server hands to permission checks) plus its argon2 hash. */
export interface AccountRecord extends Actor {
  /** PHC string from @node-rs/argon2 (`$argon2id$…`); the password itself is never kept. */
  passwordHash: string;
}

/** Where accounts are looked up. */
export interface AccountRegistry {
  byUsername(username: string): AccountRecord | undefined;
  byId(userId: string): AccountRecord | undefined;
  all(): readonly AccountRecord[];
}

/** Usernames compare case-insensitively: 'Nanle.Operator' signs in as nanle.operator. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Accounts held in memory, loaded at start (the demo seed, or an accounts file). Enough while
 * accounts change only with a restart; managing accounts at runtime needs a persistent table.
 */
export class InMemoryAccounts implements AccountRegistry {
  private readonly byName = new Map<string, AccountRecord>();
  private readonly byUserId = new Map<string, AccountRecord>();

  constructor(accounts: readonly AccountRecord[]) {
    for (const account of accounts) {
      const key = usernameKey(account.username);
      if (this.byName.has(key)) throw new Error(`duplicate account username ${account.username}`);
      if (this.byUserId.has(account.userId)) throw new Error(`duplicate account id ${account.userId}`);
      this.byName.set(key, account);
      this.byUserId.set(account.userId, account);
    }
  }

  byUsername(username: string): AccountRecord | undefined {
    return this.byName.get(usernameKey(username));
  }

  byId(userId: string): AccountRecord | undefined {
    return this.byUserId.get(userId);
  }

  all(): readonly AccountRecord[] {
    return [...this.byUserId.values()];
  }
}
