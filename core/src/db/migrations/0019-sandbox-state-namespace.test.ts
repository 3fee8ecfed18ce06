import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantStateNamespace } from '../../plugin-host/plugin-host.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { SANDBOX_STATE_RENAME_SQL } from './0019-sandbox-state-namespace.ts';

interface Row {
  plugin_name: string;
  key: string;
  value: unknown;
}
const byName = (a: Row, b: Row) => `${a.plugin_name} ${a.key}`.localeCompare(`${b.plugin_name} ${b.key}`);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe('migration 0019: sandboxed plugin state under the host name', () => {
  it("moves each install's rows from <package>/<organisation> to <plugin>@<organisation>, the sandbox's rows winning", async () => {
    const owner = await t.signup('state-migration@example.com');
    const other = await t.signup('state-migration-other@example.com');
    const sql = t.server.orm.em.fork().getConnection();
    await sql.execute(
      `insert into tenant_plugin_install (id, tenant_id, plugin_name, package_name, version, egress_approved, installed_by, installed_at, updated_at)
       values (?, ?, 'acme-notes', '@acme/notes', '1.0.0', '[]', ?, now(), now())`,
      [randomUUID(), owner.tenantId, randomUUID()],
    );
    const put = (name: string, key: string, value: number) =>
      sql.execute(`insert into plugin_state (plugin_name, key, value, updated_at) values (?, ?, ?, now())`, [name, key, JSON.stringify(value)]);
    await put(`@acme/notes/${owner.tenantId}`, 'exports', 7);
    await put(`@acme/notes/${owner.tenantId}`, 'seen', 1);
    await put(tenantStateNamespace('acme-notes', owner.tenantId), 'exports', 99);
    // Not installed by that organisation: left alone.
    await put(`@acme/notes/${other.tenantId}`, 'exports', 3);
    await put('acme-notes', 'exports', 5);

    await sql.execute(SANDBOX_STATE_RENAME_SQL);

    const rows = (await sql.execute("select plugin_name, key, value from plugin_state where plugin_name like '%acme%'")) as Row[];
    expect(rows.sort(byName)).toEqual(
      [
        { plugin_name: `@acme/notes/${other.tenantId}`, key: 'exports', value: 3 },
        { plugin_name: 'acme-notes', key: 'exports', value: 5 },
        { plugin_name: tenantStateNamespace('acme-notes', owner.tenantId), key: 'exports', value: 7 },
        { plugin_name: tenantStateNamespace('acme-notes', owner.tenantId), key: 'seen', value: 1 },
      ].sort(byName),
    );
  });
});
