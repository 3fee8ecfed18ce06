import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { reachApi } from '../api/client.server';
import { adminApi } from '../components/admin/admin-api.server';
import { SectionError } from '../components/admin/section-error';
import { UsageMeter } from '../components/admin/usage-meter';
import { requireApiData } from '../lib/api-result.server';

export const meta: MetaFunction = () => [{ title: 'Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await adminApi(request);
  const [members, invitations, plugins, usage] = await Promise.all([
    reachApi(api.GET('/v1/members')),
    reachApi(api.GET('/v1/invitations')),
    reachApi(api.GET('/v1/plugins')),
    reachApi(api.GET('/v1/usage')),
  ]);
  const pluginItems = (await requireApiData(request, plugins, 'plugins')).items;
  return {
    members: (await requireApiData(request, members, 'members')).items.length,
    invitations: (await requireApiData(request, invitations, 'invitations')).items.length,
    plugins: { installed: pluginItems.length, enabled: pluginItems.filter((plugin) => plugin.enabled).length },
    usage: await requireApiData(request, usage, 'AI usage'),
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
