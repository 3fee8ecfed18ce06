import { type JsonValue, PluginError, type PluginStateStore } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';

/** PluginStateStore over the `plugin_state` table, namespaced by plugin name. */
export function createPluginStateStore(orm: Orm, pluginName: string): PluginStateStore {
  const connection = () => orm.em.fork().getConnection();
  return {
    async get(key) {
      const rows = await connection().execute<{ value: JsonValue }[]>('select value from plugin_state where plugin_name = ? and key = ?', [
        pluginName,
        key,
      ]);
      return rows[0]?.value ?? null;
    },
    async set(key, value, options) {
      const json = JSON.stringify(value);
      if (options?.ifAbsent === true) {
        const inserted = await connection().execute<{ key: string }[]>(
          'insert into plugin_state (plugin_name, key, value, updated_at) values (?, ?, ?::jsonb, now()) on conflict do nothing returning key',
          [pluginName, key, json],
        );
        if (inserted.length === 0) throw new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', `State key "${key}" already exists`);
        return;
      }
      await connection().execute(
        'insert into plugin_state (plugin_name, key, value, updated_at) values (?, ?, ?::jsonb, now()) on conflict (plugin_name, key) do update set value = excluded.value, updated_at = now()',
        [pluginName, key, json],
      );
    },
    async delete(key) {
      await connection().execute('delete from plugin_state where plugin_name = ? and key = ?', [pluginName, key]);
    },
  };
}
