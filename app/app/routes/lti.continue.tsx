import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { createApiClient } from '../api/client.server';
import { signInAndRedirect } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Opening from your learning platform · Mirai' }];

/** Only a path inside the app: the API names it, but a redirect must never leave the app. */
const appPath = (path: string): string => (path.startsWith('/') && !path.startsWith('//') ? path : '/dashboard');

/**
 * GET /lti/continue?code=…: where an LTI launch lands. The API verified the launch and handed over
 * a one-time code; redeeming it gives the launched person a session in this app.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get('code') ?? '';
  if (code === '') return { failed: true as const };
  const result = await createApiClient(undefined, request).POST('/v1/lti/handoffs', { body: { code } });
  if (result.data === undefined) return { failed: true as const };
  return signInAndRedirect(request, result.data.token, result.data.expiresAt, appPath(result.data.path));
}

export default function LtiContinue() {
  const data = useLoaderData<typeof loader>();
  return (
    <section className="panel panel--narrow" aria-labelledby="lti-heading">
      <h1 id="lti-heading">This link has expired</h1>
      <p>{data.failed ? 'Open Mirai again from your learning platform: each launch link works once, for two minutes.' : null}</p>
      <p>
        <Link to="/sign-in">Sign in to Mirai</Link>
      </p>
    </section>
  );
}
