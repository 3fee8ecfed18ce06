import type { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';
import { endOfDay } from './group-dates';

type Client = Awaited<ReturnType<typeof api>>;
export type ImportReport = {
  committed: boolean;
  valid: { row: number; email: string; outcome: string | null }[];
  rejected: { row: number; value: string; reason: string }[];
};
export type IntentResult = { ok: boolean; message: string; report?: ImportReport; csv?: string };

const failed = (error: unknown, fallback: string): IntentResult => ({ ok: false, message: formErrorsFromProblem(error, fallback).message });

/** What the group page's forms ask for, each answered with a message (and, for an import, its report). */
export async function groupIntent(client: Client, id: string, form: FormData): Promise<IntentResult> {
  const path = { params: { path: { id } } };
  switch (textField(form, 'intent')) {
    case 'add': {
      const emails = textField(form, 'emails')
        .split(/[\s,;]+/)
        .filter((e) => e !== '');
      if (emails.length === 0) return { ok: false, message: 'Give at least one e-mail address.' };
      const response = await client.POST('/v1/groups/{id}/members', { ...path, body: { emails } });
      if (response.data === undefined) return failed(response.error, 'The learners could not be added.');
      const invited = response.data.items.filter((i) => i.outcome === 'invited').length;
      return { ok: true, message: `${response.data.items.length} learner(s) handled: ${invited} invited by e-mail, the rest added.` };
    }
    case 'preview':
    case 'commit': {
      const file = form.get('file');
      const csv = file instanceof File ? await file.text() : textField(form, 'csv');
      const commit = textField(form, 'intent') === 'commit';
      const response = await client.POST('/v1/groups/{id}/imports', { ...path, body: { csv, commit } });
      if (response.data === undefined) return failed(response.error, 'The file could not be read.');
      const { valid, rejected } = response.data;
      const message = commit
        ? `${valid.length} learner(s) enrolled; ${rejected.length} row(s) skipped.`
        : `${valid.length} valid row(s), ${rejected.length} bad row(s). Nothing is enrolled until you confirm.`;
      return { ok: true, message, report: response.data, ...(commit ? {} : { csv }) };
    }
    case 'assign': {
      const courseId = textField(form, 'courseId');
      const response = await client.PUT('/v1/groups/{id}/courses/{courseId}', {
        params: { path: { id, courseId } },
        body: { dueAt: endOfDay(textField(form, 'dueAt')) },
      });
      if (response.data === undefined) return failed(response.error, 'The course could not be assigned.');
      return {
        ok: true,
        message: `${response.data.courseTitle} assigned${response.data.effectiveDueAt === null ? '' : `, due ${response.data.effectiveDueAt.slice(0, 10)}`}.`,
      };
    }
    case 'remove': {
      const response = await client.DELETE('/v1/groups/{id}/members/{memberId}', { params: { path: { id, memberId: textField(form, 'memberId') } } });
      if (response.response.status !== 204) return failed(response.error, 'The learner could not be withdrawn.');
      return { ok: true, message: 'The learner was withdrawn from the group; their progress is kept.' };
    }
    default:
      return { ok: false, message: 'Unknown action.' };
  }
}
