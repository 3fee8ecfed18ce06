import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';

import { SectionError } from '../components/admin/section-error';
import { UsageMeter } from '../components/admin/usage-meter';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

export const meta: MetaFunction = () => [{ title: 'Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const [members, invitations, plugins, usage] = await Promise.all([
    client.GET('/v1/members'),
    client.GET('/v1/invitations'),
    client.GET('/v1/plugins'),
    client.GET('/v1/usage'),
  ]);
  const pluginItems = (await requireApiData(plugins, 'plugins')).items;
  return {
    members: (await requireApiData(members, 'members')).items.length,
    invitations: (await requireApiData(invitations, 'invitations')).items.length,
    plugins: { installed: pluginItems.length, enabled: pluginItems.filter((plugin) => plugin.enabled).length },
    usage: await requireApiData(usage, 'AI usage'),
  };
}

export default function AdminOverview() {
  const { members, invitations, plugins, usage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="admin__title">Overview</h1>
      <ul className="admin-cards">
        <li className="panel admin-card">
          <h2>Members</h2>
          <p className="admin-card__figure" data-testid="overview-members">
            {members}
          </p>
          <p>
            {invitations === 0 ? 'No pending invitations.' : `${invitations} pending invitation${invitations === 1 ? '' : 's'}.`}{' '}
            <Link to="/admin/members">Manage members</Link>
          </p>
        </li>
        <li className="panel admin-card">
          <h2>Plugins</h2>
          <p className="admin-card__figure" data-testid="overview-plugins">
            {plugins.enabled} <span className="admin-card__unit">of {plugins.installed} enabled</span>
          </p>
          <p>
            <Link to="/admin/plugins">Enable and configure plugins</Link>
          </p>
        </li>
        <li className="panel admin-card">
          <h2>AI usage</h2>
          <UsageMeter usage={usage} id="overview-usage-meter" />
          <p>
            <Link to="/admin/usage">Usage and allowance</Link>
          </p>
        </li>
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the overview" retryTo="/admin" />;
}
