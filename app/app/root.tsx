import { type LinksFunction, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { createApiClient, reachApi } from './api/client.server';
import { canManage, type Role } from './components/admin/roles';
import { EmailReminder } from './components/email-reminder';
import { NotificationBell } from './components/notifications/notification-bell';
import { OrganisationSwitcher, type Organisations } from './components/organisation-switcher';
import { selfServiceProvider } from './lib/auth-provider.server';
import { useNonce } from './lib/nonce';
import { chooseOrganisation, getToken } from './lib/session.server';
import stylesheet from './styles.css?url';

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: stylesheet },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const credential = await getToken(request);
  if (credential === undefined) return { signedIn: false, organisations: null, role: null, unverifiedEmail: null, unread: 0 };
  const client = createApiClient(credential, request);
  const [me, notifications] = await Promise.all([
    reachApi(client.GET('/v1/me')),
    reachApi(client.GET('/v1/me/notifications', { params: { query: { unread: true, limit: 1 } } })),
  ]);
  // The user left (or was removed from) the organisation they chose: forget the choice and load
  // the page again in their own organisation, rather than failing every request.
  if (credential.organisationId !== undefined && me?.response.status === 403) {
    const url = new URL(request.url);
    throw redirect(`${url.pathname}${url.search}`, { headers: { 'Set-Cookie': await chooseOrganisation(request, null) } });
  }
  const organisations: Organisations | null =
    me?.data === undefined
      ? null
      : { current: me.data.tenant.id, options: me.data.tenants.map((entry) => ({ id: entry.tenant.id, name: entry.tenant.name, role: entry.role })) };
  // Only password accounts verify through Mirai; a session provider (Kratos) has its own flows.
  const unverifiedEmail = me?.data?.user.emailVerified === false && (await selfServiceProvider()) === null ? me.data.user.email : null;
  return { signedIn: true, organisations, role: me?.data?.role ?? null, unverifiedEmail, unread: notifications?.data?.unread ?? 0 };
}

/** Only the links the role may use: learners do not author, only owners and admins manage. */
function SiteHeader({
  signedIn,
  organisations,
  role,
  unread,
}: {
  signedIn: boolean;
  organisations: Organisations | null;
  role: Role | null;
  unread: number;
}) {
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Mirai
      </Link>
      <nav aria-label="Account">
        {signedIn ? (
          <>
            {role === 'learner' ? null : <NavLink to="/dashboard">Dashboard</NavLink>}
            <NavLink to="/learn">Learn</NavLink>
            {role !== null && canManage(role) ? <NavLink to="/admin">Admin</NavLink> : null}
            <NotificationBell unread={unread} />
            <NavLink to="/account">Account</NavLink>
            <OrganisationSwitcher organisations={organisations} />
            <Form method="post" action="/sign-out" className="inline-form">
              <button type="submit" className="button button--link">
                Sign out
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/sign-in">Sign in</Link>
            <Link to="/sign-up" className="button">
              Sign up
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root');
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader
          signedIn={rootData?.signedIn ?? false}
          organisations={rootData?.organisations ?? null}
          role={rootData?.role ?? null}
          unread={rootData?.unread ?? 0}
        />
        <main id="main" className="page">
          {rootData?.unverifiedEmail ? <EmailReminder email={rootData.unverifiedEmail} /> : null}
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const heading = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}`.trim() : 'Something went wrong';
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : 'An unexpected error occurred. Please try again.';
  return (
    <section className="panel" aria-labelledby="error-heading">
      <h1 id="error-heading">{heading}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </section>
  );
}
