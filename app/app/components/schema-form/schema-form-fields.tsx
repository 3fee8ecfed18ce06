import type { ReactNode } from 'react';
import { clearName, valueName } from './read-submission';
import type { SchemaField, SecretField } from './schema-fields';

interface FieldProps<F extends SchemaField = SchemaField> {
  field: F;
  error: string | undefined;
}

function describedBy(...ids: Array<string | undefined>): string | undefined {
  const joined = ids.filter((id) => id !== undefined).join(' ');
  return joined === '' ? undefined : joined;
}

function hintId(field: SchemaField, extra?: string): string | undefined {
  return field.description === undefined && extra === undefined ? undefined : `${field.id}-hint`;
}

/** Label, help text and error around a control, tied together with aria-describedby. */
function Shell({ field, error, hint, children }: FieldProps & { hint?: string; children: ReactNode }) {
  const helpId = hintId(field, hint);
  return (
    <div className={error === undefined ? 'field' : 'field field--invalid'} data-field={field.name}>
      <label htmlFor={field.id}>
        {field.label}
        {field.required ? <span className="field__required"> (required)</span> : null}
      </label>
      {helpId === undefined ? null : (
        <p id={helpId} className="field__hint">
          {[field.description, hint].filter((part) => part !== undefined).join(' ')}
        </p>
      )}
      {children}
      {error === undefined ? null : (
        <p id={`${field.id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

function controlProps(field: SchemaField, error: string | undefined, hint?: string) {
  return {
    id: field.id,
    name: valueName(field),
    'aria-invalid': error === undefined ? undefined : true,
    'aria-describedby': describedBy(hintId(field, hint), error === undefined ? undefined : `${field.id}-error`),
  };
}

function SecretInput({ field, error }: FieldProps<SecretField>) {
  const hint = field.isSet ? 'Leave blank to keep the stored value.' : undefined;
  return (
    <Shell field={field} error={error} hint={hint}>
      <p className="secret-status">
        <span className={field.isSet ? 'badge badge--ok' : 'badge'} data-testid={`secret-status-${field.name}`}>
          {field.isSet ? 'Set' : 'Not set'}
        </span>
        <span className="visually-hidden"> — the value is write-only and never shown</span>
      </p>
      <input
        {...controlProps(field, error, hint)}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        minLength={field.minLength}
        required={field.required && !field.isSet}
        placeholder={field.isSet ? '••••••••' : undefined}
      />
      {field.isSet && !field.required ? (
        <label className="checkbox">
          <input type="checkbox" name={clearName(field)} value="true" /> Remove the stored {field.label}
        </label>
      ) : null}
    </Shell>
  );
}

function Control({ field, error }: FieldProps) {
  switch (field.kind) {
    case 'secret':
      return <SecretInput field={field} error={error} />;
    case 'boolean':
      return (
        <div className={error === undefined ? 'field field--check' : 'field field--check field--invalid'} data-field={field.name}>
          <input {...controlProps(field, error)} type="checkbox" value="true" defaultChecked={field.checked} />
          <label htmlFor={field.id}>{field.label}</label>
          {field.description === undefined ? null : (
            <p id={`${field.id}-hint`} className="field__hint">
              {field.description}
            </p>
          )}
          {error === undefined ? null : (
            <p id={`${field.id}-error`} className="field__error">
              {error}
            </p>
          )}
        </div>
      );
    case 'enum':
      return (
        <Shell field={field} error={error}>
          <select {...controlProps(field, error)} defaultValue={field.value} required={field.required}>
            {field.allowEmpty || field.value === '' ? <option value="">Not set</option> : null}
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Shell>
      );
    case 'number': {
      const hint = field.placeholder === undefined ? undefined : `Default: ${field.placeholder}.`;
      return (
        <Shell field={field} error={error} hint={hint}>
          <input
            {...controlProps(field, error, hint)}
            type="number"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            step={field.integer ? 1 : 'any'}
            min={field.minimum}
            max={field.maximum}
            defaultValue={field.value}
            placeholder={field.placeholder}
            required={field.required}
          />
        </Shell>
      );
    }
    case 'text':
      return (
        <Shell field={field} error={error}>
          <input
            {...controlProps(field, error)}
            type={field.inputType}
            defaultValue={field.value}
            placeholder={field.placeholder}
            minLength={field.minLength}
            maxLength={field.maxLength}
            pattern={field.pattern}
            required={field.required}
            spellCheck={false}
          />
        </Shell>
      );
    case 'json':
      return (
        <Shell field={field} error={error} hint="JSON.">
          <textarea {...controlProps(field, error, 'JSON.')} defaultValue={field.value} rows={4} spellCheck={false} />
        </Shell>
      );
  }
}

/**
 * The controls of a schema-generated form, grouped in a fieldset. The surrounding <form> (and its
 * noValidate, so the server's messages are the ones shown) belongs to the caller.
 */
export function SchemaFormFields({
  legend,
  fields,
  errors,
}: {
  legend: string;
  fields: readonly SchemaField[];
  errors: Record<string, string> | undefined;
}) {
  return (
    <fieldset className="schema-form">
      <legend>{legend}</legend>
      {fields.some((field) => field.required) ? (
        <p className="field__hint">Fields marked (required) must have a value before the plugin can be enabled.</p>
      ) : null}
      {fields.map((field) => (
        <Control key={field.name} field={field} error={errors?.[field.name]} />
      ))}
    </fieldset>
  );
}
