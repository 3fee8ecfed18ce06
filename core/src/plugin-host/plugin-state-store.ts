import { type JsonValue, PluginError, type PluginStateStore, type TransactionalStateStore } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';

type Execute = <T>(sql: string, params: unknown[]) => Promise<T>;

/** The key/value operations over one way of running SQL: a fresh connection, or an open transaction. */
function stateOperations(execute: Execute, pluginName: string): PluginStateStore {
  return {
    async get(key) {
      const rows = await execute<{ value: JsonValue }[]>('select value from plugin_state where plugin_name = ? and key = ?', [pluginName, key]);
      return rows[0]?.value ?? null;
    },
    async set(key, value, options) {
      const json = JSON.stringify(value);
      if (options?.ifAbsent === true) {
        const inserted = await execute<{ key: string }[]>(
          'insert into plugin_state (plugin_name, key, value, updated_at) values (?, ?, ?::jsonb, now()) on conflict do nothing returning key',
          [pluginName, key, json],
        );
        if (inserted.length === 0) throw new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', `State key "${key}" already exists`);
        return;
      }
      await execute(
        'insert into plugin_state (plugin_name, key, value, updated_at) values (?, ?, ?::jsonb, now()) on conflict (plugin_name, key) do update set value = excluded.value, updated_at = now()',
        [pluginName, key, json],
      );
    },
    async delete(key) {
      await execute('delete from plugin_state where plugin_name = ? and key = ?', [pluginName, key]);
    },
  };
}

/** PluginStateStore over the `plugin_state` table, namespaced by plugin name. */
export function createPluginStateStore(orm: Orm, pluginName: string): TransactionalStateStore {
  const outside = stateOperations(
    <T>(sql: string, params: unknown[]) => orm.em.fork().getConnection().execute<T & object>(sql, params) as Promise<T>,
    pluginName,
  );
  return {
    ...outside,
    transaction(work) {
      // Everything inside goes through the transaction's EntityManager (`em.execute`), never a
      // second connection: the embedded database has exactly one, which the transaction holds.
      return orm.em
        .fork()
        .transactional((tx) =>
          work(stateOperations(<T>(sql: string, params: unknown[]) => tx.execute<T & object>(sql, params) as Promise<T>, pluginName)),
        );
    },
  };
}
