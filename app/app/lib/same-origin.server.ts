import { data } from '@remix-run/node';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the Origin check needs from a request, so the servers' middleware (Node/Express) can ask too. */
export interface SubmissionHeaders {
  method: string;
  /** The `Origin` header, if any. */
  origin: string | null;
  /** The `Host` header the client connected with. */
  host: string | null;
  /** `X-Forwarded-Host`, set by a proxy in front (a cross-site form cannot set it). */
  forwardedHost?: string | null;
}

/**
 * The host (with port) this app is served on: the host of `MIRAI_APP_URL` when configured,
 * otherwise the host the browser asked for (a proxy's `X-Forwarded-Host`, else `Host`). Never
 * `request.url`: under `vite dev` Remix builds the request URL from the `Origin` header, so
 * comparing against it compares the Origin with itself. The headers are safe to believe here: a
 * page of another site can make a browser post, but cannot make it send other Host headers.
 */
export function appHost(headers: Pick<SubmissionHeaders, 'host' | 'forwardedHost'>, configured = process.env.MIRAI_APP_URL): string | null {
  if (configured !== undefined && configured !== '') return new URL(configured).host;
  const forwarded = headers.forwardedHost?.split(',')[0]?.trim();
  if (forwarded !== undefined && forwarded !== '') return forwarded;
  return headers.host === null || headers.host === '' ? null : headers.host;
}

/**
 * Why a state-changing request must be refused because a page of another origin made the browser
 * send it with this app's cookies, or null when it may go on. SameSite=Lax stops other sites; this
 * also stops sibling subdomains. Hosts are compared, not schemes: behind a TLS-terminating proxy the
 * app sees http while the browser says https. Requests without `Origin` (scripts, old browsers) are
 * let through; every current browser sends it on POST.
 */
export function crossOriginRefusal(headers: SubmissionHeaders, configured = process.env.MIRAI_APP_URL): string | null {
  if (SAFE_METHODS.has(headers.method.toUpperCase()) || headers.origin === null) return null;
  let originHost: string | null;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    originHost = null;
  }
  const expected = appHost(headers, configured);
  if (originHost !== null && originHost !== '' && originHost === expected) return null;
  return `This form was sent from ${headers.origin}, not from this site, so it was refused.`;
}

/** Throws a 403 for a cross-origin state-changing request (see `crossOriginRefusal`). */
export function assertSameOriginSubmission(request: Request): void {
  const { headers } = request;
  // A runtime that drops the Host header leaves the URL's host (built from Host there).
  const host = headers.get('Host') ?? new URL(request.url).host;
  const refusal = crossOriginRefusal({ method: request.method, origin: headers.get('Origin'), host, forwardedHost: headers.get('X-Forwarded-Host') });
  if (refusal !== null) throw data(refusal, { status: 403 });
}
