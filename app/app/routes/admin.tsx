import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, Link, NavLink, Outlet, useLoaderData, useNavigation, useRouteError } from '@remix-run/react';

import { canManage, roleLabel } from '../components/admin/roles';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import adminStyles from '../styles/admin.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }];
export const meta: MetaFunction = () => [{ title: 'Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const me = await requireApiData(await client.GET('/v1/me'), 'your account');
  return { email: me.user.email, role: me.role, tenantName: me.tenant.name, canManage: canManage(me.role) };
}

const SECTIONS = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/members', label: 'Members', end: false },
  { to: '/admin/groups', label: 'Groups', end: false },
  { to: '/admin/certificates', label: 'Certificates', end: false },
  { to: '/admin/plugins', label: 'Plugins', end: false },
  { to: '/admin/catalogue', label: 'Catalogue', end: false },
  { to: '/admin/lti', label: 'LTI', end: false },
  { to: '/admin/lti-tools', label: 'LTI tools', end: false },
  { to: '/admin/usage', label: 'AI usage', end: false },
  { to: '/admin/ai-routing', label: 'AI routing', end: false },
  { to: '/admin/billing', label: 'Billing', end: false },
];

function NotAllowed({ role, tenantName }: { role: ReturnType<typeof useLoaderData<typeof loader>>['role']; tenantName: string }) {
  return (
    <section className="panel" aria-labelledby="admin-denied-heading" data-testid="admin-denied">
      <h1 id="admin-denied-heading">Administration is for owners and admins</h1>
      <p>
        You are {role === 'author' || role === 'admin' || role === 'owner' ? 'an' : 'a'} <strong>{roleLabel(role).toLowerCase()}</strong> in{' '}
        {tenantName}. Managing members, plugins and the AI allowance needs the owner or admin role.
      </p>
      <p>If you need access, ask an owner of {tenantName} to change your role.</p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  );
}

export default function AdminLayout() {
  const { role, tenantName, canManage: allowed } = useLoaderData<typeof loader>();
  const navigation = useNavigation().state;
  const loading = navigation === 'loading';
  if (!allowed) return <NotAllowed role={role} tenantName={tenantName} />;
  return (
    <div className="admin">
      <header className="admin__header">
        <p className="admin__kicker">
          Administration · <span data-testid="admin-tenant">{tenantName}</span> · you are {roleLabel(role).toLowerCase()}
        </p>
        <nav aria-label="Administration" className="admin__nav">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.end} prefetch="intent">
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <div className="admin__body" aria-busy={navigation !== 'idle'}>
        {loading ? (
          <p className="admin__loading" role="status">
            Loading…
          </p>
        ) : null}
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : 'The administration pages could not be loaded.';
  return (
    <section className="panel" aria-labelledby="admin-error-heading">
      <h1 id="admin-error-heading">Administration is unavailable</h1>
      <p role="alert">{detail}</p>
      <p>
        <Link to="/admin">Try again</Link> or go <Link to="/dashboard">back to the dashboard</Link>.
      </p>
    </section>
  );
}
