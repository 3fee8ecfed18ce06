import type { Role } from './roles.ts';

/** Who is calling, in which organisation, with which role; resolved once per request. */
export interface AuthContext {
  sessionId: string;
  /** `core`: a Mirai session row; `provider`: a session the auth provider (e.g. Kratos) owns. */
  sessionKind: 'core' | 'provider';
  userId: string;
  email: string;
  tenantId: string;
  role: Role;
}
