import type { JsonObject } from '@mirai/sdk-plugin';
import { Ajv } from 'ajv';
import type { PluginEnvSettings } from '../config/plugin-env-settings.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import type { LoadedPlugin } from './plugin-loader.ts';

const FILE_VARIABLE = 'MIRAI_PLUGIN_SETTINGS_FILE';

function invalid(variable: string, message: string, extensions: Record<string, string> = {}): MiraiError {
  return new MiraiError('MIRAI_ERR_CONFIG_INVALID', `${variable}: ${message}`, { extensions: { variable, ...extensions } });
}

/**
 * Each plugin's operator settings (`context.instanceConfig`): its entry in MIRAI_PLUGIN_SETTINGS_FILE
 * with its documented environment variables over it, validated against its `instanceConfigSchema`.
 * A bad value stops the boot naming the variable it came from, the plugin and the field. Variables
 * of a plugin that is not installed are ignored; a file entry for one is an error (a typo would
 * otherwise be silent).
 */
export function resolveInstanceSettings(
  plugins: readonly LoadedPlugin[],
  file: Record<string, JsonObject> = {},
  fromEnv: PluginEnvSettings = { settings: {}, variables: {} },
): Record<string, JsonObject> {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const resolved: Record<string, JsonObject> = {};
  for (const name of new Set([...Object.keys(file), ...Object.keys(fromEnv.settings)])) {
    const plugin = plugins.find((candidate) => candidate.definition.name === name);
    const variables = fromEnv.variables[name] ?? {};
    if (plugin === undefined && file[name] === undefined) continue;
    const schema = plugin?.definition.instanceConfigSchema;
    if (schema === undefined) {
      const variable = file[name] === undefined ? (Object.values(variables)[0] ?? FILE_VARIABLE) : FILE_VARIABLE;
      throw invalid(variable, `has settings for "${name}", which takes no operator settings`, { plugin: name });
    }
    const settings = { ...file[name], ...fromEnv.settings[name] };
    const validate = ajv.compile(schema);
    if (!validate(settings)) {
      const errors = validate.errors ?? [];
      const field = errors[0]?.instancePath.split('/')[1] ?? '';
      const variable = variables[field] ?? FILE_VARIABLE;
      const detail = errors.map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('; ');
      throw invalid(variable, `${name} ${detail}`, field === '' ? { plugin: name } : { plugin: name, field });
    }
    resolved[name] = settings;
  }
  return resolved;
}
