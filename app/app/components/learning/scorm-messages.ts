import type { paths } from '../../api/schema';

export type ScormLaunch = paths['/v1/enrolments/{id}/lessons/{lessonId}/scorm']['get']['responses'][200]['content']['application/json'];
export type CmiTree = ScormLaunch['cmi'];

/** What the launcher on the content origin may tell the player; anything else is ignored. */
export type LauncherMessage =
  | { type: 'mirai-scorm:ready' }
  | { type: 'mirai-scorm:commit'; final: boolean; cmi: CmiTree; navRequest: string | null }
  | { type: 'mirai-scorm:terminated'; navRequest: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a message only if it comes from the launcher's frame on the content origin. */
export function launcherMessage(event: MessageEvent, contentOrigin: string, frame: Window | null | undefined): LauncherMessage | null {
  if (event.origin !== contentOrigin || frame === null || frame === undefined || event.source !== frame) return null;
  const data: unknown = event.data;
  if (!isObject(data)) return null;
  if (data.type === 'mirai-scorm:ready') return { type: 'mirai-scorm:ready' };
  if (data.type === 'mirai-scorm:commit' && isObject(data.cmi))
    return {
      type: 'mirai-scorm:commit',
      final: data.final === true,
      cmi: data.cmi,
      navRequest: data.final === true && typeof data.navRequest === 'string' ? data.navRequest : null,
    };
  if (data.type === 'mirai-scorm:terminated' && typeof data.navRequest === 'string')
    return { type: 'mirai-scorm:terminated', navRequest: data.navRequest };
  return null;
}
