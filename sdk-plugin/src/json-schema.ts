/**
 * The subset of JSON Schema (2020-12) the host understands for plugin configuration.
 * A property marked `writeOnly: true` is a secret: it is encrypted at rest and never returned.
 */
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  /** Any one of these shapes (structured-output APIs of OpenAI and Gemini accept it). */
  anyOf?: JsonSchema[];
  enum?: ReadonlyArray<string | number | boolean>;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  writeOnly?: boolean;
  [keyword: `x-${string}`]: unknown;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Names of the top-level properties that say where the plugin sends requests: `format: 'uri'`, or
 * `'x-mirai-endpoint': true` for a host name or other non-URI address. A `uri` that is only a link
 * shown to people (never called by the server) opts out with `'x-mirai-endpoint': false`.
 * The host binds secrets to endpoints: changing an endpoint clears the stored secrets.
 */
export function endpointFields(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property['x-mirai-endpoint'] === true || (property.format === 'uri' && property['x-mirai-endpoint'] !== false))
    .map(([name]) => name);
}

/** Names of the top-level properties a schema marks as secret. */
export function secretFields(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.writeOnly === true)
    .map(([name]) => name);
}
