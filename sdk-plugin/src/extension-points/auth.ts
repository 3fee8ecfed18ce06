/** An identity as the provider knows it; `subject` is stable for the provider's lifetime. */
export interface AuthIdentity {
  subject: string;
  email: string;
  name?: string;
  emailVerified?: boolean;
}

/**
 * Providers that own credentials (auth-local): the host asks them to create and verify
 * credentials, then issues its own server-side session.
 */
export interface PasswordAuthProvider {
  readonly kind: 'password';
  /** Throws a PluginError `MIRAI_ERR_PLUGIN_CONFLICT` when the email is taken. */
  createCredential(input: { email: string; password: string }): Promise<AuthIdentity>;
  /** Resolves to null for an unknown email or a wrong password (indistinguishably). */
  verifyCredential(input: { email: string; password: string }): Promise<AuthIdentity | null>;
  deleteCredential(subject: string): Promise<void>;
  /**
   * Replaces the password of `subject` (password reset). Optional: without it the host answers
   * password resets with MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED. Throws `MIRAI_ERR_PLUGIN_BAD_INPUT`
   * for a password the provider refuses.
   */
  setPassword?(input: { subject: string; password: string }): Promise<void>;
  /**
   * Moves the credential of `subject` to a new e-mail address (confirmed change of e-mail).
   * Optional like `setPassword`; throws `MIRAI_ERR_PLUGIN_CONFLICT` when the address is taken.
   */
  changeEmail?(input: { subject: string; email: string }): Promise<void>;
}

export interface AuthRequestView {
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
}

/** Links the web app follows when sign-in happens in the provider's own UI (e.g. Kratos). */
export interface SelfServiceUrls {
  login: string;
  registration: string;
  logout: string;
}

/** The identity behind a provider-owned session, and which session it was. */
export interface ResolvedSession extends AuthIdentity {
  /** The provider's id of the session, when it has one. */
  sessionId?: string;
  /**
   * Which credential of the request the session came from: `cookie` (a browser may attach it on
   * its own, so the host applies its cross-site Origin guard) or `token` (a header only a script
   * sends). Omitted, the host assumes `cookie` whenever the request carries cookies.
   */
  credential?: 'cookie' | 'token';
}

/**
 * Providers that own the session (auth-kratos): the host forwards the request's cookie or
 * token and receives the identity, or null when there is no valid session.
 *
 * `resolveSession` throws a PluginError `MIRAI_ERR_PLUGIN_FORBIDDEN` when a session exists but may
 * not be used yet (e.g. a second factor is required; the message says what to do), and
 * `MIRAI_ERR_PLUGIN_UPSTREAM` when the provider cannot be asked. The host never treats an error
 * as signed in.
 */
export interface SessionAuthProvider {
  readonly kind: 'session';
  resolveSession(request: AuthRequestView): Promise<ResolvedSession | null>;
  selfService?: SelfServiceUrls;
  /** Name of the provider's session cookie, which a server-side web app forwards to the API. */
  sessionCookie?: string;
}

export type AuthProvider = PasswordAuthProvider | SessionAuthProvider;
