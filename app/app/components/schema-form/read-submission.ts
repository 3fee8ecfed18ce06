import type { SchemaField } from './schema-fields';

/** The form control name of a field's value. */
export const valueName = (field: Pick<SchemaField, 'name'>) => `config.${field.name}`;
/** The form control name of a secret's "remove the stored value" checkbox. */
export const clearName = (field: Pick<SchemaField, 'name'>) => `clear.${field.name}`;

/** The part of FormData the reader needs, so tests can pass a plain map. */
export interface FormValues {
  get(name: string): FormDataEntryValue | null;
}

export interface Submission {
  /** The configuration to send: omitted secrets keep their stored value, `null` removes one. */
  config: Record<string, unknown>;
  /** Problems found before asking the server, by property name. */
  errors: Record<string, string>;
  /** What the user typed, by property name, to show again (never secrets). */
  submitted: Record<string, string>;
}

function text(form: FormValues, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * Reads a submitted configuration form into typed values: numbers become numbers, enum choices
 * their typed value, a checkbox a boolean. An empty optional field is left out (so it takes the
 * plugin's default), as is an empty secret (so the stored one is kept).
 */
export function readSubmission(fields: readonly SchemaField[], form: FormValues): Submission {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const submitted: Record<string, string> = {};

  for (const field of fields) {
    const raw = text(form, valueName(field));
    if (field.kind === 'secret') {
      if (form.get(clearName(field)) === 'true') config[field.name] = null;
      else if (raw !== '') config[field.name] = raw;
      continue;
    }
    if (field.kind === 'boolean') {
      const checked = raw === 'true';
      config[field.name] = checked;
      submitted[field.name] = String(checked);
      continue;
    }
    submitted[field.name] = raw;
    const trimmed = field.kind === 'json' ? raw.trim() : raw;
    if (trimmed.trim() === '') continue;

    if (field.kind === 'number') {
      const value = Number(trimmed.trim());
      if (!Number.isFinite(value)) errors[field.name] = 'Enter a number.';
      else if (field.integer && !Number.isInteger(value)) errors[field.name] = 'Enter a whole number.';
      else config[field.name] = value;
    } else if (field.kind === 'enum') {
      const option = field.options.find((candidate) => candidate.value === trimmed);
      if (option === undefined) errors[field.name] = 'Choose one of the listed options.';
      else config[field.name] = option.raw;
    } else if (field.kind === 'json') {
      try {
        config[field.name] = JSON.parse(trimmed);
      } catch {
        errors[field.name] = 'Enter valid JSON.';
      }
    } else {
      config[field.name] = trimmed;
    }
  }
  return { config, errors, submitted };
}
