import { Form, useNavigation } from '@remix-run/react';
import { type RefObject, useState } from 'react';
import { fieldsFromSchema } from '../schema-form/schema-fields';
import { SchemaFormFields } from '../schema-form/schema-form-fields';
import type { ExportFormatChoice } from './export-types';

/** A refused start, as the action returns it: messages by setting name, and what was typed. */
export interface ExportFormFailure {
  format: string;
  formatError?: string;
  fields: Record<string, string>;
  submitted: Record<string, string>;
}

export const settingsFieldPrefix = (format: string) => `export-${format}-`;

/**
 * Chooses a format and the settings its exporter declares. Only the chosen format's settings are
 * shown (and sent); without JavaScript the first format's are, which the server reads the same way.
 */
export function ExportForm({
  formats,
  failure,
  formRef,
  describedBy,
}: {
  formats: ExportFormatChoice[];
  failure: ExportFormFailure | undefined;
  formRef: RefObject<HTMLFormElement>;
  describedBy: string | undefined;
}) {
  const [chosen, setChosen] = useState(failure?.format ?? formats[0]?.format ?? '');
  const starting = useNavigation().state === 'submitting';
  const format = formats.find((candidate) => candidate.format === chosen);
  const ownFailure = failure?.format === chosen ? failure : undefined;
  const fields = fieldsFromSchema(
    format?.settingsSchema ?? null,
    { config: {}, secretsSet: [], submitted: ownFailure?.submitted },
    settingsFieldPrefix(chosen),
  );

  return (
    <Form method="post" ref={formRef} noValidate aria-describedby={describedBy} className="export-form">
      <fieldset
        className="export-formats"
        aria-invalid={failure?.formatError === undefined ? undefined : true}
        aria-describedby={failure?.formatError === undefined ? undefined : 'export-format-error'}
      >
        <legend>Format</legend>
        {formats.map((candidate) => (
          <div className="field field--check" key={candidate.format}>
            <input
              type="radio"
              id={`export-format-${candidate.format}`}
              name="format"
              value={candidate.format}
              checked={candidate.format === chosen}
              onChange={() => setChosen(candidate.format)}
            />
            <label htmlFor={`export-format-${candidate.format}`}>{candidate.label}</label>
          </div>
        ))}
        {failure?.formatError === undefined ? null : (
          <p id="export-format-error" className="field__error">
            {failure.formatError}
          </p>
        )}
      </fieldset>
      {format === undefined || fields.length === 0 ? (
        <p className="meta">This format has no options.</p>
      ) : (
        <SchemaFormFields key={chosen} legend={`${format.label} options`} fields={fields} errors={ownFailure?.fields} />
      )}
      <button type="submit" className="button" disabled={starting || format === undefined}>
        {starting ? 'Starting…' : 'Start the export'}
      </button>
    </Form>
  );
}
