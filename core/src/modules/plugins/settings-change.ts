import { isDeepStrictEqual } from 'node:util';

export interface SettingsChangeInput {
  secretNames: ReadonlySet<string>;
  endpointNames: ReadonlySet<string>;
  storedConfig: Record<string, unknown>;
  storedSecrets: Record<string, unknown>;
  /** The request's full configuration; undefined keeps the stored one. */
  input: Record<string, unknown> | undefined;
}

export interface SettingsChange {
  /** The settings to store (no secrets). */
  plain: Record<string, unknown>;
  /** The secrets to store. */
  secrets: Record<string, unknown>;
  /** Settings whose value changed (added, removed or different), endpoints included. */
  changedFields: string[];
  changedEndpoints: string[];
  /** Secrets the request sets or clears. */
  secretsChanged: string[];
  /** Stored secrets dropped because an endpoint changed and they were not entered again. */
  secretsCleared: string[];
}

/**
 * What a configuration request changes. A secret is bound to the endpoints it was entered for:
 * when an endpoint changes, every stored secret not entered again in the same request is
 * cleared, so re-pointing a plugin can never send an existing secret somewhere new.
 */
export function settingsChange(options: SettingsChangeInput): SettingsChange {
  const { secretNames, endpointNames, storedConfig, storedSecrets, input } = options;
  const plain: Record<string, unknown> = input === undefined ? { ...storedConfig } : {};
  const secrets: Record<string, unknown> = { ...storedSecrets };
  const secretsChanged: string[] = [];
  for (const [key, value] of Object.entries(input ?? {})) {
    if (!secretNames.has(key)) plain[key] = value;
    else {
      secretsChanged.push(key);
      if (value === null) delete secrets[key];
      else secrets[key] = value;
    }
  }
  const names = new Set([...Object.keys(storedConfig), ...Object.keys(plain)]);
  const changedFields = [...names].filter((key) => !isDeepStrictEqual(storedConfig[key], plain[key])).sort();
  const changedEndpoints = changedFields.filter((key) => endpointNames.has(key));
  const secretsCleared: string[] = [];
  if (changedEndpoints.length > 0)
    for (const key of Object.keys(storedSecrets))
      if (!Object.hasOwn(input ?? {}, key)) {
        delete secrets[key];
        secretsCleared.push(key);
      }
  return { plain, secrets, changedFields, changedEndpoints, secretsChanged: secretsChanged.sort(), secretsCleared: secretsCleared.sort() };
}
