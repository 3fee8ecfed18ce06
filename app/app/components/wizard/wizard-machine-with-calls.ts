import { fromPromise } from 'xstate';
import { courseWizardMachine, type WizardServices } from '../../machines/course-wizard.machine';
import type { WizardResult } from './wizard-action.server';
import { type WizardIntent, wizardForm } from './wizard-intent';

type ActionCall = (form: FormData) => Promise<Extract<WizardResult, { ok: true }>>;

const actor = <N extends keyof WizardServices>(fn: (input: WizardServices[N]['input']) => Promise<WizardServices[N]['output']>) =>
  fromPromise<WizardServices[N]['output'], WizardServices[N]['input']>(({ input }) => fn(input));

/** A value the answer must carry; without it the call failed, whatever the status said. */
function required<T>(value: T | undefined, failure: string): T {
  if (value === undefined) throw new Error(failure);
  return value;
}

const DOCUMENT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  htm: 'text/html',
};

/**
 * Sends the expert's document (if any) from the browser straight to storage with a presigned PUT,
 * then replaces the file in `form` by its upload id: the API never receives the bytes.
 */
async function uploadDocument(run: ActionCall, form: FormData): Promise<void> {
  const file = form.get('document');
  form.delete('document');
  if (!(file instanceof File) || file.size === 0) return;
  const contentType = DOCUMENT_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
  if (contentType === undefined) throw new Error('Choose a .txt, .md, .pdf, .docx or .html file.');
  const announced = await run(wizardForm({ intent: 'announceDocument', fileName: file.name, contentType, size: String(file.size) }));
  const upload = required(announced.upload, 'The server did not accept the document.');
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
  if (!put.ok) throw new Error(`The storage refused the document (${put.status}).`);
  form.set('uploadId', required(announced.uploadId, 'The server did not accept the document.'));
  form.set('documentName', file.name);
}

/** The course wizard whose every network call is a post to the route's action (the only way the app reaches the API). */
export function wizardMachineWithCalls(run: ActionCall) {
  // Adding an expert or an audience posts the author's own form, with the course and what is already chosen.
  const add = (intent: 'createSme' | 'createAudience', { form, courseId, chosen }: WizardServices['createSme']['input']) => {
    const fields: WizardIntent = { intent, courseId: courseId ?? '', chosen: JSON.stringify(chosen) };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    return run(form);
  };
  const saveChoice = async (fields: WizardIntent) => {
    await run(wizardForm(fields));
    return undefined;
  };
  return courseWizardMachine.provide({
    actors: {
      saveDetails: actor<'saveDetails'>(async ({ courseId, details }) => {
        const r = await run(wizardForm({ intent: 'saveDetails', courseId: courseId ?? '', ...details }));
        return { courseId: required(r.courseId, 'The server did not return the course.') };
      }),
      saveSmes: actor<'saveSmes'>(({ courseId, smeIds }) => saveChoice({ intent: 'saveSmes', courseId, smeIds: JSON.stringify(smeIds) })),
      createSme: actor<'createSme'>(async (input) => {
        await uploadDocument(run, input.form);
        const r = await add('createSme', input);
        return { smeId: required(r.smeId, 'The server did not return the expert.') };
      }),
      saveAudiences: actor<'saveAudiences'>(({ courseId, audienceIds }) =>
        saveChoice({ intent: 'saveAudiences', courseId, audienceIds: JSON.stringify(audienceIds) }),
      ),
      createAudience: actor<'createAudience'>(async (input) => {
        const r = await add('createAudience', input);
        return { audienceId: required(r.audienceId, 'The server did not return the audience.') };
      }),
      startOutline: actor<'startOutline'>(async ({ courseId, size }) => {
        const r = await run(
          wizardForm({ intent: 'startOutline', courseId, moduleCount: String(size.modules), lessonsPerModule: String(size.lessonsPerModule) }),
        );
        return { jobId: required(r.jobId, 'The server did not start the outline.') };
      }),
      saveOutline: actor<'saveOutline'>(async ({ courseId, outline }) => {
        const r = await run(wizardForm({ intent: 'saveOutline', courseId, outline: JSON.stringify(outline) }));
        return { outline: required(r.outline, 'The server did not return the outline.') };
      }),
      startLessons: actor<'startLessons'>(async ({ courseId }) => {
        const r = await run(wizardForm({ intent: 'startLessons', courseId }));
        return { jobId: required(r.jobId, 'The server did not start the lessons.') };
      }),
    },
  });
}
