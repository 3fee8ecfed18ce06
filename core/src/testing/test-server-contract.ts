import type { MiraiServer } from '../server.ts';

/** What a test server offers (apart from `test-server.ts`, so fixtures can name it without importing the server they are re-exported by). */
export interface SignedUp {
  token: string;
  userId: string;
  tenantId: string;
  email: string;
  auth: { authorization: string };
}

export interface TestServer {
  server: MiraiServer;
  inject: MiraiServer['app']['inject'];
  /**
   * Signs up a new owner of a new tenant through the public API. The address is then marked
   * verified directly in the database (a fixture shortcut for tests about other things), unless
   * `verified: false`; tests of verification itself follow the mailed link.
   */
  signup(email: string, tenantName?: string, options?: { verified?: boolean }): Promise<SignedUp>;
  /** Invites `email` into `inviter`'s organisation with `role` and signs them up by the invitation. */
  join(inviter: SignedUp, email: string, role: 'owner' | 'admin' | 'author' | 'learner'): Promise<SignedUp>;
  /** The environment this server was built from: another replica on the same database and Redis uses it. */
  env: Record<string, string>;
  close(): Promise<void>;
}
