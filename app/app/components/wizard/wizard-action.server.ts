import type { ApiClient } from '../../api/client.server';
import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';
import { draftFromOutline, type OutlineDraft, outlineBody } from '../../machines/outline-draft';
import { isWizardIntent } from './wizard-intent';

/** What a wizard call answers: the machine resolves on ok and fails (with the message) otherwise. */
export type WizardResult =
  | {
      ok: true;
      courseId?: string;
      smeId?: string;
      audienceId?: string;
      jobId?: string;
      outline?: OutlineDraft;
      uploadId?: string;
      upload?: { url: string; method: string; headers: Record<string, string> };
    }
  | { ok: false; error: string; fields?: Record<string, string> };

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const failed = (result: Answer<unknown>, fallback: string): WizardResult => {
  const errors = formErrorsFromProblem(result.error, fallback);
  return { ok: false, error: errors.message, fields: errors.fields };
};

function ids(form: FormData, name: string): string[] {
  try {
    const parsed: unknown = JSON.parse(textField(form, name) || '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A generation start that finds a job already running for the course joins that job. */
function jobOf(result: Answer<{ jobId: string }>, fallback: string): WizardResult {
  if (result.data !== undefined) return { ok: true, jobId: result.data.jobId };
  const running =
    result.response.status === 409 && typeof result.error === 'object' && result.error !== null
      ? (result.error as { jobId?: unknown }).jobId
      : undefined;
  return typeof running === 'string' ? { ok: true, jobId: running } : failed(result, fallback);
}

/** Polls the document's extraction job until it is final, for at most `timeoutMs`; null when it is still running. */
async function extractionOutcome(client: ApiClient, jobId: string, timeoutMs = 120_000): Promise<{ status: string; error: string | null } | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await client.GET('/v1/jobs/{id}', { params: { path: { id: jobId } } });
    if (job?.data === undefined) return { status: 'failed', error: 'The document could not be checked.' };
    if (['completed', 'failed', 'cancelled'].includes(job.data.status)) return job.data;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

/**
 * The expert, then its document: the browser already PUT the file to storage (see
 * wizard-machine-with-calls); here the upload is confirmed and registered, and its text is
 * extracted by a job the action waits for, so a document that cannot be read is reported.
 */
async function createSme(client: ApiClient, form: FormData, courseId: string): Promise<WizardResult> {
  const name = textField(form, 'name').trim();
  const expertise = textField(form, 'expertise').trim();
  const uploadId = textField(form, 'uploadId');
  const documentName = textField(form, 'documentName');
  if (name === '') return { ok: false, error: 'Please correct the fields marked below.', fields: { name: 'Enter the expert’s name.' } };

  const sme = await client.POST('/v1/smes', { body: { name, expertise } });
  if (sme?.data === undefined) return failed(sme, 'The expert could not be added.');
  if (uploadId === '') return { ok: true, smeId: sme.data.id };
  const path = { params: { path: { id: sme.data.id } } };
  // The expert exists; without the document it would silently ground nothing, so undo it.
  const undo = async (result: WizardResult) => {
    await client.DELETE('/v1/smes/{id}', path);
    return result;
  };
  const completed = await client.POST('/v1/uploads/{id}/complete', { params: { path: { id: uploadId } } });
  if (completed?.data === undefined) return undo(failed(completed, 'The document did not arrive; add it again.'));
  const title = documentName.replace(/\.[^.]+$/, '') || documentName || 'Document';
  // The document is searched in the course's language, so it is indexed in it.
  const course = courseId === '' ? undefined : await client.GET('/v1/courses/{id}', { params: { path: { id: courseId } } });
  const language = course?.data?.language;
  const registered = await client.POST('/v1/smes/{id}/documents', {
    ...path,
    body: { title, uploadId, ...(language === undefined ? {} : { language }) },
  });
  if (registered?.data === undefined) {
    const result = failed(registered, 'The document could not be read.');
    return undo(result.ok ? result : { ...result, fields: { document: 'Choose a .txt, .md, .pdf, .docx or .html file.', ...result.fields } });
  }
  const outcome = await extractionOutcome(client, registered.data.jobId);
  if (outcome !== null && outcome.status !== 'completed')
    return undo({ ok: false, error: outcome.error?.replace(/^MIRAI_ERR_[A-Z_]+: /, '') ?? 'The document could not be read.' });
  return { ok: true, smeId: sme.data.id };
}

const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

async function createAudience(client: ApiClient, form: FormData): Promise<WizardResult> {
  const name = textField(form, 'name').trim();
  const role = textField(form, 'role').trim();
  const level = LEVELS.find((l) => l === textField(form, 'level'));
  const fields: Record<string, string> = {};
  if (name === '') fields.name = 'Name this audience.';
  if (role === '') fields.role = 'Say what these learners do.';
  if (level === undefined) fields.level = 'Choose a level.';
  if (Object.keys(fields).length > 0 || level === undefined) return { ok: false, error: 'Please correct the fields marked below.', fields };
  const body = { name, role, level, priorKnowledge: textField(form, 'priorKnowledge').trim(), goals: textField(form, 'goals').trim() };
  const created = await client.POST('/v1/audiences', { body });
  return created?.data === undefined ? failed(created, 'The audience could not be added.') : { ok: true, audienceId: created.data.id };
}

/** The wizard's one action: every step's network call, chosen by `intent`. */
export async function wizardAction(request: Request): Promise<WizardResult> {
  const client = await api(request);
  const form = await request.formData();
  const intent = textField(form, 'intent');
  if (!isWizardIntent(intent)) return { ok: false, error: `Unknown step "${intent}".` };
  const courseId = textField(form, 'courseId');
  const path = { params: { path: { id: courseId } } };
  let result: WizardResult;
  switch (intent) {
    case 'saveDetails': {
      const details = {
        title: textField(form, 'title').trim(),
        desiredOutcome: textField(form, 'desiredOutcome').trim(),
        language: textField(form, 'language').trim() || 'en',
      };
      if (details.title === '') return { ok: false, error: 'Please correct the fields marked below.', fields: { title: 'Give the course a title.' } };
      const saved = await (courseId === ''
        ? client.POST('/v1/courses', { body: details })
        : client.PATCH('/v1/courses/{id}', { ...path, body: details }));
      result = saved?.data === undefined ? failed(saved, 'The course could not be saved.') : { ok: true, courseId: saved.data.id };
      break;
    }
    case 'saveSmes':
    case 'saveAudiences': {
      const body = intent === 'saveSmes' ? { smeIds: ids(form, 'smeIds') } : { audienceIds: ids(form, 'audienceIds') };
      const saved = await client.PATCH('/v1/courses/{id}', { ...path, body });
      result = saved?.data === undefined ? failed(saved, 'Your choice could not be saved.') : { ok: true };
      break;
    }
    case 'createSme':
    case 'createAudience': {
      result = intent === 'createSme' ? await createSme(client, form, courseId) : await createAudience(client, form);
      // What the author adds is chosen for the course at once, so a reload keeps it chosen.
      const added = result.ok ? (result.smeId ?? result.audienceId) : undefined;
      if (added !== undefined && courseId !== '') {
        const chosen = [...ids(form, 'chosen'), added];
        const saved = await client.PATCH('/v1/courses/{id}', {
          ...path,
          body: intent === 'createSme' ? { smeIds: chosen } : { audienceIds: chosen },
        });
        if (saved?.data === undefined) result = failed(saved, 'It was added, but not chosen for the course; tick it and continue.');
      }
      break;
    }
    case 'announceDocument': {
      // The file itself goes from the browser straight to storage with the presigned PUT.
      const size = Number.parseInt(textField(form, 'size'), 10) || 0;
      const announced = await client.POST('/v1/uploads', {
        body: { fileName: textField(form, 'fileName'), contentType: textField(form, 'contentType'), size },
      });
      result =
        announced?.data === undefined
          ? failed(announced, 'The document was refused.')
          : { ok: true, uploadId: announced.data.upload.id, upload: announced.data.request };
      break;
    }
    case 'startOutline': {
      const count = (name: string, max: number) => Math.min(max, Math.max(1, Number.parseInt(textField(form, name), 10) || 3));
      const body = { moduleCount: count('moduleCount', 12), lessonsPerModule: count('lessonsPerModule', 10) };
      const started = await client.POST('/v1/courses/{id}/generate-outline', { ...path, body });
      result = jobOf(started, 'The outline could not be started.');
      break;
    }
    case 'saveOutline': {
      let draft: OutlineDraft;
      try {
        draft = JSON.parse(textField(form, 'outline')) as OutlineDraft;
      } catch {
        return { ok: false, error: 'The outline could not be read.' };
      }
      const saved = await client.PUT('/v1/courses/{id}/outline', { ...path, body: outlineBody(draft) });
      result =
        saved?.data === undefined ? failed(saved, 'The outline could not be saved.') : { ok: true, outline: draftFromOutline(saved.data.modules) };
      break;
    }
    case 'startLessons': {
      const started = await client.POST('/v1/courses/{id}/generate-lessons', path);
      result = jobOf(started, 'Lesson writing could not be started.');
      break;
    }
  }
  // Every intent of WizardIntent has its case: the compiler refuses to read an unassigned result.
  return result;
}
