/** A Kratos identity as the fake server keeps it. */
export interface FakeIdentity {
  id: string;
  email: string;
  verified: boolean;
  name?: { first: string; last: string };
  createdAt: string;
}

/** A Kratos session as the fake server keeps it. */
export interface FakeSession {
  id: string;
  token: string;
  cookie: string;
  identity: FakeIdentity;
  issuedAt: string;
  expiresAt: string;
  /** Kratos answers 403 `session_aal2_required` while this is set. */
  aal2Required: boolean;
}

/** The body of `GET /sessions/whoami` in Kratos' shape (v1.x). */
export function sessionJson(session: FakeSession, baseUrl: string) {
  const { identity } = session;
  return {
    id: session.id,
    active: true,
    expires_at: session.expiresAt,
    authenticated_at: session.issuedAt,
    authenticator_assurance_level: 'aal1',
    authentication_methods: [{ method: 'password', aal: 'aal1', completed_at: session.issuedAt }],
    issued_at: session.issuedAt,
    identity: {
      id: identity.id,
      schema_id: 'default',
      schema_url: `${baseUrl}/schemas/ZGVmYXVsdA`,
      state: 'active',
      state_changed_at: identity.createdAt,
      traits: { email: identity.email, ...(identity.name === undefined ? {} : { name: identity.name }) },
      verifiable_addresses: [
        {
          id: `${identity.id.slice(0, 24)}000000000001`,
          value: identity.email,
          verified: identity.verified,
          via: 'email',
          status: identity.verified ? 'completed' : 'pending',
          ...(identity.verified ? { verified_at: identity.createdAt } : {}),
          created_at: identity.createdAt,
          updated_at: identity.createdAt,
        },
      ],
      recovery_addresses: [
        {
          id: `${identity.id.slice(0, 24)}000000000002`,
          value: identity.email,
          via: 'email',
          created_at: identity.createdAt,
          updated_at: identity.createdAt,
        },
      ],
      metadata_public: null,
      created_at: identity.createdAt,
      updated_at: identity.createdAt,
      organization_id: null,
    },
    devices: [{ id: `${session.id.slice(0, 24)}000000000003`, ip_address: '127.0.0.1', user_agent: 'mirai-tests', location: '' }],
  };
}

/** Kratos' error envelope (herodot). */
export function errorJson(code: 401 | 403 | 404, id: string, reason: string, message: string, extra: Record<string, unknown> = {}) {
  const status = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[code];
  return { error: { id, code, status, reason, message }, ...extra };
}
