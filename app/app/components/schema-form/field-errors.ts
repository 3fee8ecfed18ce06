import type { SchemaField } from './schema-fields';

export interface ConfigErrors {
  /** A summary for the whole form. */
  message: string;
  /** Messages by property name. */
  fields: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The pointer of a field of the request body's object `root`, e.g. `/body/config/<name>`. */
const fieldPointer = (root: string) => new RegExp(`^/body/${root}/([^/]+)`);

/** Rewrites a JSON Schema validator message in words an administrator understands. */
export function explain(message: string, field: SchemaField | undefined): string {
  if (/required property/.test(message)) return field?.kind === 'secret' ? 'Required: enter a value.' : 'Required.';
  if (/allowed values/.test(message)) return 'Choose one of the listed options.';
  const bound = /^must be (>=|<=|>|<) (-?[\d.]+)$/.exec(message);
  if (bound !== null) {
    const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
    return `Must be ${words[bound[1] ?? ''] ?? bound[1]} ${bound[2]}.`;
  }
  const length = /^must NOT have (fewer|more) than (\d+) characters$/.exec(message);
  if (length !== null) return `Use ${length[1] === 'fewer' ? 'at least' : 'at most'} ${length[2]} characters.`;
  if (/must match format "uri"/.test(message)) return 'Enter a full URL, like https://example.org.';
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}

/**
 * Maps the API's problem for a rejected configuration onto the form: each `/body/<root>/<name>`
 * error (`root` is `config` for plugin settings, `settings` for an export's) goes to that field
 * (required-property errors name the missing property in the pointer), everything else into the summary.
 */
export function configErrorsFromProblem(problem: unknown, fields: readonly SchemaField[], fallback: string, root = 'config'): ConfigErrors {
  const pointer = fieldPointer(root);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const result: ConfigErrors = { message: fallback, fields: {} };
  if (!isRecord(problem)) return result;
  const unplaced: string[] = [];
  if (Array.isArray(problem.errors)) {
    for (const entry of problem.errors) {
      if (!isRecord(entry) || typeof entry.message !== 'string') continue;
      const name = typeof entry.field === 'string' ? pointer.exec(entry.field)?.[1] : undefined;
      const field = name === undefined ? undefined : byName.get(name);
      if (name === undefined || field === undefined) {
        unplaced.push(entry.message);
        continue;
      }
      const text = explain(entry.message, field);
      const existing = result.fields[name];
      result.fields[name] = existing === undefined || existing === text ? text : `${existing} ${text}`;
    }
  }
  const placed = Object.keys(result.fields).length;
  const title = typeof problem.title === 'string' && problem.title !== '' ? problem.title : fallback;
  const detail = typeof problem.detail === 'string' && problem.detail !== '' ? problem.detail : undefined;
  if (placed > 0)
    result.message = `${title}: ${placed === 1 ? 'one field needs' : `${placed} fields need`} attention.${unplaced.length > 0 ? ` ${unplaced.join('; ')}` : ''}`;
  else result.message = detail ?? title;
  return result;
}

/** A one-line description of what a rejected configuration lacks, naming fields by their labels. */
export function summariseConfigErrors(errors: ConfigErrors, fields: readonly SchemaField[]): string {
  const named = Object.entries(errors.fields).map(([name, message]) => {
    const label = fields.find((field) => field.name === name)?.label ?? name;
    return `${label}: ${message}`;
  });
  return named.length === 0 ? errors.message : named.join(' ');
}
