import { randomBytes } from 'node:crypto';
import type { AgentConfig, WorkspaceConfig } from '@switchboard/core';
import type { Clock, Logger } from '@switchboard/shared';
import { digestHa1, type DigestAlgorithm } from '@switchboard/sip';
import type { PhoneCredential, PhoneCredentialInput, Store } from '@switchboard/store';

/** The digest realm agents' phones register to (README: "realm switchboard"). */
export const PHONE_REALM = 'switchboard';

/** No 0/o, 1/l/i: a password read off a screen and typed into a phone. 32 symbols, 5 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789A';
const PASSWORD_LENGTH = 20; // 100 bits

export interface IssuedPhonePassword {
  agentId: string;
  realm: string;
  /** The digest user names it works with: the agent's username and agent number. */
  users: string[];
  password: string;
  createdAt: number;
}

export interface PhoneCredentialsDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The workspace as loaded (agents' usernames and numbers now). */
  workspace(): WorkspaceConfig | undefined;
  /** SIP_PHONE_PASSWORD when SIP_PHONE_SHARED=on: seeded for agents with no password of their own. */
  sharedPassword: string | undefined;
  realm?: string;
}

export function generatePhonePassword(): string {
  const bytes = randomBytes(PASSWORD_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** The digest user names an agent's phone may register as (README: username or agent number). */
function usersOf(a: AgentConfig): string[] {
  return a.agentNumber && a.agentNumber !== a.username ? [a.username, a.agentNumber] : [a.username];
}

function ha1s(users: string[], realm: string, password: string): PhoneCredentialInput[] {
  return users.map((user) => ({ user, ha1Md5: digestHa1('MD5', user, realm, password), ha1Sha256: digestHa1('SHA-256', user, realm, password) }));
}

/**
 * Agents' phone credentials: HA1s in the store (phone_credentials), and in memory for the engine's
 * digest checks, which are synchronous. This process is the only writer while it runs (rotations
 * go through it), so the copy stays true; another server sharing the database sees a rotation
 * after its next start or workspace reload.
 */
export class PhoneCredentials {
  readonly realm: string;
  private byUser = new Map<string, PhoneCredential>();

  constructor(private readonly d: PhoneCredentialsDeps) {
    this.realm = d.realm ?? PHONE_REALM;
  }

  /**
   * The HA1 for a digest user name, when it belongs to an agent of the workspace now (by username
   * or agent number): the engine's phone lookup. A row left by a removed agent, or for a number the
   * agent no longer has, authenticates nobody.
   */
  ha1(user: string, algorithm: DigestAlgorithm): string | undefined {
    const row = this.byUser.get(user);
    if (!row) return undefined;
    const agent = this.d.workspace()?.agents.find((a) => a.id === row.agentId);
    if (!agent || (agent.username !== user && agent.agentNumber !== user)) return undefined;
    return algorithm === 'MD5' ? row.ha1Md5 : row.ha1Sha256;
  }

  /** The agent a digest user name authenticates as (for the audit of a block). */
  agentOf(user: string): string | undefined {
    return this.ha1(user, 'MD5') === undefined ? undefined : this.byUser.get(user)?.agentId;
  }

  async load(): Promise<void> {
    const rows = await this.d.store.phoneCredentials.list(this.realm);
    this.byUser = new Map(rows.map((r) => [r.user, r]));
  }

  /**
   * After each workspace load: agents with no issued password get HA1s of the shared password for
   * their current username and number (rewritten when either, or the shared password, changed);
   * with SIP_PHONE_SHARED=off their shared rows are removed. Issued rows are never touched here.
   */
  async seed(ws: WorkspaceConfig): Promise<{ seeded: number; removed: number }> {
    await this.load();
    const byAgent = new Map<string, PhoneCredential[]>();
    for (const r of this.byUser.values()) byAgent.set(r.agentId, [...(byAgent.get(r.agentId) ?? []), r]);
    const seed: Array<{ agentId: string; entries: PhoneCredentialInput[] }> = [];
    let removed = 0;
    for (const a of ws.agents) {
      const have = byAgent.get(a.id) ?? [];
      if (have.some((r) => r.origin === 'issued')) continue;
      const shared = this.d.sharedPassword;
      if (shared === undefined) {
        if (have.length) {
          seed.push({ agentId: a.id, entries: [] });
          removed++;
        }
        continue;
      }
      const want = ha1s(usersOf(a), this.realm, shared);
      const same = have.length === want.length && want.every((w) => have.some((h) => h.user === w.user && h.ha1Md5 === w.ha1Md5 && h.ha1Sha256 === w.ha1Sha256));
      if (!same) seed.push({ agentId: a.id, entries: want });
    }
    // One transaction for all: a workspace of a thousand agents is seeded at once on its first start.
    await this.d.store.phoneCredentials.replaceMany(this.realm, seed, 'shared', this.d.clock.now());
    const seeded = seed.length - removed;
    if (seeded || removed) {
      this.d.log.info({ seeded, removed, realm: this.realm }, 'phone credentials from the shared SIP_PHONE_PASSWORD updated');
      await this.load();
    }
    return { seeded, removed };
  }

  /**
   * A new phone password for the agent: its HA1s replace every old credential at once (the old
   * password stops working for new requests), and the password is returned to be shown once.
   */
  async issue(agentId: string): Promise<IssuedPhonePassword | undefined> {
    const agent = this.d.workspace()?.agents.find((a) => a.id === agentId);
    if (!agent) return undefined;
    const password = generatePhonePassword();
    const users = usersOf(agent);
    const createdAt = this.d.clock.now();
    const rows = await this.d.store.phoneCredentials.replaceForAgent(agentId, this.realm, ha1s(users, this.realm, password), 'issued', createdAt);
    for (const [u, r] of this.byUser) if (r.agentId === agentId) this.byUser.delete(u);
    for (const r of rows) this.byUser.set(r.user, r);
    return { agentId, realm: this.realm, users, password, createdAt };
  }

  /** What the agent's phone credentials are now (never a secret). */
  originOf(agentId: string): 'shared' | 'issued' | null {
    for (const r of this.byUser.values()) if (r.agentId === agentId) return r.origin;
    return null;
  }
}
