/**
 * Every error code the core can answer with. Codes are stable API: clients switch on them,
 * so never rename one; add a new code instead. Each is documented in docs/errors.md
 * (a test fails when one is missing there).
 */
export const ERROR_CATALOGUE = {
  MIRAI_ERR_REQUEST_VALIDATION: { status: 400, title: 'The request is not valid' },
  MIRAI_ERR_REQUEST_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  MIRAI_ERR_REQUEST_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  MIRAI_ERR_ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  MIRAI_ERR_SERVER_INTERNAL: { status: 500, title: 'Internal error' },
  MIRAI_ERR_AUTH_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  MIRAI_ERR_AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Email or password is wrong' },
  MIRAI_ERR_AUTH_EMAIL_TAKEN: { status: 409, title: 'An account with this email exists' },
  MIRAI_ERR_AUTH_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  MIRAI_ERR_AUTH_NOT_A_MEMBER: { status: 403, title: 'You are not a member of this organisation' },
  MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED: { status: 400, title: 'The configured identity provider does not support this' },
  MIRAI_ERR_TENANT_NOT_FOUND: { status: 404, title: 'No such organisation' },
  MIRAI_ERR_MEMBER_NOT_FOUND: { status: 404, title: 'No such member' },
  MIRAI_ERR_MEMBER_EXISTS: { status: 409, title: 'This person is already a member' },
  MIRAI_ERR_MEMBER_LAST_OWNER: { status: 409, title: 'An organisation needs at least one owner' },
  MIRAI_ERR_INVITATION_INVALID: { status: 404, title: 'The invitation does not exist, was used or expired' },
  MIRAI_ERR_COURSE_NOT_FOUND: { status: 404, title: 'No such course' },
  MIRAI_ERR_PLUGIN_NOT_FOUND: { status: 404, title: 'No such plugin' },
  MIRAI_ERR_PLUGIN_INSTANCE_SCOPED: { status: 409, title: 'This plugin is configured by the operator for the whole server' },
  MIRAI_ERR_PLUGIN_CONFIG_INVALID: { status: 400, title: 'The plugin configuration is not valid' },
  MIRAI_ERR_PLUGIN_MANIFEST_INVALID: { status: 500, title: 'A plugin has an invalid definition' },
  MIRAI_ERR_PLUGIN_ENGINE_INCOMPATIBLE: { status: 500, title: 'A plugin requires a different plugin API' },
  MIRAI_ERR_PLUGIN_DEPENDENCY_MISSING: { status: 500, title: 'A plugin depends on a plugin that is not installed' },
  MIRAI_ERR_PLUGIN_DEPENDENCY_CYCLE: { status: 500, title: 'Plugins depend on each other in a cycle' },
  MIRAI_ERR_PLUGIN_DUPLICATE: { status: 500, title: 'Two plugins have the same name' },
  MIRAI_ERR_PLUGIN_REGISTER_TIMEOUT: { status: 500, title: 'A plugin did not finish registering in time' },
  MIRAI_ERR_PLUGIN_LOAD_FAILED: { status: 500, title: 'A plugin could not be loaded' },
  MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE: { status: 503, title: 'No enabled plugin provides this capability' },
  MIRAI_ERR_PLUGIN_CALL_FAILED: { status: 502, title: 'A plugin failed' },
  MIRAI_ERR_CONFIG_INVALID: { status: 500, title: 'The server configuration is not valid' },
  MIRAI_ERR_DB_UNAVAILABLE: { status: 503, title: 'The database is not reachable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
