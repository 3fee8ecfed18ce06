/**
 * Turns a plugin's configuration JSON Schema into a flat list of form fields. Pure, so it runs the
 * same in a loader, in the component and in unit tests. Only top-level properties become fields
 * (the host treats top-level `writeOnly` properties as secrets); nested objects and arrays are
 * edited as JSON.
 */

export type JsonScalar = string | number | boolean;

interface FieldBase {
  /** Property name in the configuration object. */
  name: string;
  /** DOM id of the control; hints and errors derive their ids from it. */
  id: string;
  label: string;
  description: string | undefined;
  required: boolean;
}

export interface TextField extends FieldBase {
  kind: 'text';
  inputType: 'text' | 'url' | 'email';
  value: string;
  placeholder: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: string | undefined;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  integer: boolean;
  value: string;
  placeholder: string | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  checked: boolean;
}

export interface EnumOption {
  /** The option's value as sent in the form. */
  value: string;
  label: string;
  /** The typed value it stands for in the configuration. */
  raw: JsonScalar;
}

export interface EnumField extends FieldBase {
  kind: 'enum';
  options: EnumOption[];
  /** Offer an empty choice: the property is optional and has no default. */
  allowEmpty: boolean;
  value: string;
}

export interface SecretField extends FieldBase {
  kind: 'secret';
  /** Whether the server holds a value; the value itself is never sent to the browser. */
  isSet: boolean;
  minLength: number | undefined;
}

export interface JsonField extends FieldBase {
  kind: 'json';
  value: string;
}

export type SchemaField = TextField | NumberField | BooleanField | EnumField | SecretField | JsonField;

export interface FieldState {
  /** The stored configuration (secrets are never part of it). */
  config: Record<string, unknown>;
  /** Names of secret fields that have a stored value. */
  secretsSet: readonly string[];
  /** What the user last submitted, by property name; shown again after a failed save. */
  submitted?: Record<string, string> | undefined;
}

type Schema = Record<string, unknown>;

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isScalar(value: unknown): value is JsonScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The property's type, ignoring `null` in a type list (`["string", "null"]` is an optional string). */
function typeOf(property: Schema): string | undefined {
  const { type } = property;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  if (Array.isArray(property.enum)) return 'enum';
  return undefined;
}

/** `thinkingBudget` → `Thinking budget`, for properties without a title. */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return isScalar(value) ? String(value) : JSON.stringify(value, null, 2);
}

function defaultHint(property: Schema): string | undefined {
  return isScalar(property.default) ? String(property.default) : undefined;
}

function field(name: string, property: Schema, required: boolean, state: FieldState, idPrefix: string): SchemaField {
  const base: FieldBase = {
    name,
    id: `${idPrefix}${name}`,
    label: optionalString(property.title) ?? humanise(name),
    description: optionalString(property.description),
    required,
  };
  const stored = state.config[name];
  const submitted = state.submitted?.[name];
  const shown = submitted ?? textOf(stored);

  if (property.writeOnly === true)
    return { ...base, kind: 'secret', isSet: state.secretsSet.includes(name), minLength: optionalNumber(property.minLength) };

  if (Array.isArray(property.enum)) {
    const options = property.enum.filter(isScalar).map((raw) => ({ value: String(raw), label: String(raw), raw }));
    const fallback = isScalar(property.default) ? String(property.default) : '';
    return {
      ...base,
      kind: 'enum',
      options,
      allowEmpty: !required && fallback === '',
      value: submitted ?? (isScalar(stored) ? String(stored) : fallback),
    };
  }

  const type = typeOf(property);
  if (type === 'boolean') {
    const checked = submitted === undefined ? (typeof stored === 'boolean' ? stored : property.default === true) : submitted === 'true';
    return { ...base, kind: 'boolean', checked };
  }
  if (type === 'number' || type === 'integer')
    return {
      ...base,
      kind: 'number',
      integer: type === 'integer',
      value: shown,
      placeholder: defaultHint(property),
      minimum: optionalNumber(property.minimum),
      maximum: optionalNumber(property.maximum),
    };
  if (type === 'string') {
    const format = property.format;
    return {
      ...base,
      kind: 'text',
      inputType: format === 'uri' || format === 'url' ? 'url' : format === 'email' ? 'email' : 'text',
      value: shown,
      placeholder: defaultHint(property),
      minLength: optionalNumber(property.minLength),
      maxLength: optionalNumber(property.maxLength),
      pattern: optionalString(property.pattern),
    };
  }
  return { ...base, kind: 'json', value: shown };
}

/**
 * The form fields for a configuration schema, in the schema's property order. Anything that is
 * not an object schema with properties yields no fields.
 */
export function fieldsFromSchema(schema: unknown, state: FieldState, idPrefix = 'config-'): SchemaField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((entry) => typeof entry === 'string') : []);
  return Object.entries(schema.properties)
    .filter((entry): entry is [string, Schema] => isRecord(entry[1]))
    .map(([name, property]) => field(name, property, required.has(name), state, idPrefix));
}
