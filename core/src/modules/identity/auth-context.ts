import type { Role } from './roles.ts';

/** Who is calling, in which organisation, with which role; resolved once per request. */
export interface AuthContext {
  sessionId: string;
  userId: string;
  email: string;
  tenantId: string;
  role: Role;
}
