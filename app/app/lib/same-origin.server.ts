import { data } from '@remix-run/node';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Throws a 403 for a state-changing request that a page of another origin made the browser send
 * with this app's cookies. SameSite=Lax stops other sites; this also stops sibling subdomains.
 * Hosts are compared, not schemes: behind a TLS-terminating proxy the app sees http while the
 * browser says https. Requests without `Origin` (scripts, old browsers) are let through; every
 * current browser sends it on POST.
 */
export function assertSameOriginSubmission(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get('Origin');
  if (origin === null) return;
  let host: string | null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host !== null && host !== '' && host === new URL(request.url).host) return;
  throw data(`This form was sent from ${origin}, not from this site, so it was refused.`, { status: 403 });
}
