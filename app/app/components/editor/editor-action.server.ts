import { safeUrl } from '@mirai/url-policy';
import type { createApiClient } from '../../api/client.server';
import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';
import type { Block } from './blocks';

export type EditorResult =
  | {
      ok: true;
      version?: number;
      savedAt?: string;
      jobId?: string;
      /** What a rewrite replaces, read just before it starts: where "reject" goes back to. */
      previous?: Array<{ lessonId: string; title: string; version: number; blocks: Block[] }>;
      uploadId?: string;
      request?: { url: string; method: string; headers: Record<string, string> };
      storageKey?: string;
      url?: string | null;
      /** A deep-linking request's login initiation at the tool, to open in a new tab. */
      loginUrl?: string;
    }
  | { ok: false; error: string };

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function parse<T>(raw: string): T | null {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

type Api = ReturnType<typeof createApiClient>;

async function lessonsOfModule(client: Api, courseId: string, moduleId: string): Promise<string[]> {
  const outline = await client.GET('/v1/courses/{id}/outline', { params: { path: { id: courseId } } });
  return outline?.data?.modules.find((m) => m.id === moduleId)?.lessons.map((l) => l.id) ?? [];
}

async function currentVersions(client: Api, lessonIds: string[]) {
  const lessons = await Promise.all(lessonIds.map((id) => client.GET('/v1/lessons/{id}', { params: { path: { id } } })));
  const previous = lessons.map((l) => l?.data).filter((l) => l !== undefined);
  if (previous.length !== lessonIds.length || previous.length === 0) return null;
  return previous.map((l) => ({ lessonId: l.id, title: l.title, version: l.content?.version ?? 0, blocks: l.content?.blocks ?? [] }));
}

/** Every call the lesson editor makes, chosen by `intent`; answers are always data, never thrown. */
export async function editorAction(request: Request, lessonId: string): Promise<EditorResult> {
  const client = await api(request);
  const form = await request.formData();
  const intent = textField(form, 'intent');
  const lesson = { params: { path: { id: lessonId } } };
  const instruction = textField(form, 'instruction').trim();
  const instructionBody = instruction === '' ? {} : { instruction };
  let answer: Answer | undefined;
  let ok: (data: never) => EditorResult = () => ({ ok: true });
  let fallback = 'The change was not saved.';

  switch (intent) {
    case 'save': {
      const blocks = parse<Block[]>(textField(form, 'blocks'));
      if (!Array.isArray(blocks)) return { ok: false, error: 'The lesson could not be read.' };
      answer = await client.PUT('/v1/lessons/{id}/blocks', { ...lesson, body: { blocks } });
      ok = (data: { version: number; createdAt: string }) => ({ ok: true, version: data.version, savedAt: data.createdAt });
      break;
    }
    case 'regenerateLesson':
    case 'regenerateModule': {
      const moduleId = textField(form, 'moduleId');
      const previous = await currentVersions(
        client,
        intent === 'regenerateLesson' ? [lessonId] : await lessonsOfModule(client, textField(form, 'courseId'), moduleId),
      );
      if (previous === null) return { ok: false, error: 'The lesson could not be read before rewriting it.' };
      answer = await (intent === 'regenerateLesson'
        ? client.POST('/v1/lessons/{id}/regenerate', { ...lesson, body: instructionBody })
        : client.POST('/v1/modules/{id}/regenerate', { params: { path: { id: moduleId } }, body: instructionBody }));
      ok = (data: { jobId: string }) => ({ ok: true, jobId: data.jobId, previous });
      fallback = intent === 'regenerateLesson' ? 'The lesson could not be rewritten.' : 'The module could not be rewritten.';
      break;
    }
    case 'restore': {
      // One or more lessons back to the version they had before a rewrite the author rejected.
      const targets = parse<Array<{ lessonId: string; version: number }>>(textField(form, 'targets')) ?? [];
      for (const target of targets) {
        answer = await client.POST('/v1/lessons/{id}/restore', { params: { path: { id: target.lessonId } }, body: { version: target.version } });
        if (answer.data === undefined) break;
      }
      fallback = 'The previous version could not be restored.';
      break;
    }
    case 'announceUpload':
      answer = await client.POST('/v1/uploads', {
        body: {
          fileName: textField(form, 'fileName'),
          contentType: textField(form, 'contentType'),
          size: Number.parseInt(textField(form, 'size'), 10) || 0,
        },
      });
      ok = (data: { upload: { id: string }; request: { url: string; method: string; headers: Record<string, string> } }) => ({
        ok: true,
        uploadId: data.upload.id,
        request: data.request,
      });
      fallback = 'The upload was refused.';
      break;
    case 'completeUpload': {
      const id = textField(form, 'uploadId');
      answer = await client.POST('/v1/uploads/{id}/complete', { params: { path: { id } } });
      const download = answer.data === undefined ? undefined : await client.GET('/v1/uploads/{id}/download', { params: { path: { id } } });
      ok = (data: { storageKey: string }) => ({ ok: true, storageKey: data.storageKey, url: download?.data?.url ?? null });
      fallback = 'The upload could not be confirmed.';
      break;
    }
    case 'deepLink':
      answer = await client.POST('/v1/lessons/{lessonId}/lti-deep-links', {
        params: { path: { lessonId } },
        body: { blockId: textField(form, 'blockId') },
      });
      // Checked here rather than in the browser, so the editor's page does not carry the URL policy.
      ok = (data: { loginUrl: string }) => {
        const loginUrl = safeUrl(data.loginUrl);
        return loginUrl === null ? { ok: false, error: 'The tool’s login address is not a web address Mirai opens.' } : { ok: true, loginUrl };
      };
      fallback = 'The tool could not be opened to choose content.';
      break;
    default:
      return { ok: false, error: `Unknown action "${intent}".` };
  }
  // Only a restore with nothing to restore makes no call.
  if (answer === undefined) return { ok: true };
  if (answer.data !== undefined) return ok(answer.data as never);
  const problem = formErrorsFromProblem(answer.error, fallback);
  return { ok: false, error: [problem.message, ...Object.entries(problem.fields).map(([field, message]) => `${field}: ${message}`)].join(' ') };
}
