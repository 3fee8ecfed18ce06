import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { TextField } from '../components/text-field';
import { type AiRouteEntry, chainToText, textToChain } from '../lib/ai-route-text';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'AI routing · Administration · Mirai' }];

const TASKS = [
  { name: 'outline', label: 'Outline' },
  { name: 'lessonBody', label: 'Lesson text' },
  { name: 'activities', label: 'Quiz and flashcards' },
  { name: 'rewrite', label: 'Rewrites (blank: as lesson text)' },
] as const;
type Task = (typeof TASKS)[number]['name'];

export async function loader({ request }: LoaderFunctionArgs) {
  return requireApiData(await (await api(request)).GET('/v1/ai/routing'), 'AI routing');
}

interface RoutingResult {
  ok: boolean;
  message: string;
  fields: Record<string, string>;
  submitted: Record<string, string>;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const submitted: Record<string, string> = {};
  const fields: Record<string, string> = {};
  const routing: Partial<Record<Task, AiRouteEntry[]>> = {};
  for (const task of TASKS) {
    submitted[task.name] = textField(form, task.name);
    const parsed = textToChain(submitted[task.name] ?? '');
    if ('error' in parsed) fields[task.name] = parsed.error;
    else if (parsed.chain !== undefined) routing[task.name] = parsed.chain;
  }
  if (Object.keys(fields).length > 0) return data<RoutingResult>({ ok: false, message: CHECK_FIELDS, fields, submitted }, { status: 400 });
  const response = await (await api(request)).PUT('/v1/ai/routing', { body: routing });
  if (response.data === undefined) {
    const problem = formErrorsFromProblem(response.error, 'The routing could not be saved.');
    return data<RoutingResult>({ ok: false, message: problem.message, fields: problem.fields, submitted }, { status: response.response.status });
  }
  return data<RoutingResult>({ ok: true, message: 'AI routing saved.', fields: {}, submitted: {} });
}

export default function AdminAiRouting() {
  const { routing, providers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const failed = result !== undefined && !result.ok ? result : undefined;
  useFocusSubmissionResult(formRef, statusRef, result);

  return (
    <>
      <h1 className="admin__title">AI routing</h1>
      <section className="panel" aria-labelledby="routing-heading">
        <h2 id="routing-heading">Who writes each task</h2>
        <p>
          List providers in the order to try them, separated by commas, each optionally with a model and a monthly token cap, e.g.{' '}
          <code>ai-openai:gpt-4o-mini cap=2000000, ai-offline</code>. The next one writes when a provider fails, is over a cap or cannot follow a
          rewrite’s instruction. A blank task is written by the default provider.
        </p>
        <p className="meta" data-testid="routing-providers">
          Enabled AI providers: {providers.map((p) => `${p.plugin} (${p.label}${p.usesModel ? '' : ', no model, free'})`).join(', ')}.
        </p>
        <StatusMessage id="routing-status" ref={statusRef} result={result} />
        <Form method="post" ref={formRef} noValidate className="cap-form">
          {TASKS.map((task) => (
            <TextField
              key={`${task.name}:${result?.ok === true ? 'saved' : ''}`}
              name={task.name}
              label={task.label}
              required={false}
              defaultValue={failed?.submitted[task.name] ?? chainToText(routing[task.name])}
              error={failed?.fields[task.name]}
            />
          ))}
          <button type="submit" className="button" disabled={saving}>
            {saving ? 'Saving…' : 'Save routing'}
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="AI routing" retryTo="/admin/ai-routing" />;
}
