import semver from 'semver';
import { PLUGIN_API_VERSION } from './version.ts';

/** Whether a plugin's `engine` range admits the given plugin-API version (default: this SDK's). */
export function isEngineCompatible(engine: string, apiVersion: string = PLUGIN_API_VERSION): boolean {
  return semver.validRange(engine) !== null && semver.satisfies(apiVersion, engine);
}
