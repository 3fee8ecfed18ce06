import type { ApiClient } from '../../api/client.server';
import { formErrorsFromProblem } from '../../lib/form-errors';
import { type CourseListParams, type CoursePage, PAGE_SIZE } from './course-list-params';

/** One page of the list from the API (searched and paged there), or the message saying why not. */
export async function loadCoursePage(client: ApiClient, params: CourseListParams): Promise<CoursePage | { message: string }> {
  const result = await client.GET('/v1/courses', {
    params: {
      query: {
        limit: PAGE_SIZE,
        kind: params.view === 'templates' ? 'template' : 'course',
        archived: params.view === 'archived',
        ...(params.q === '' ? {} : { q: params.q }),
        ...(params.tag === '' ? {} : { tag: params.tag }),
        ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
      },
    },
  });
  if (result?.data === undefined) return { message: formErrorsFromProblem(result?.error, 'The courses could not be loaded.').message };
  const items = result.data.items.map(({ id, title, desiredOutcome, language, status, kind, archivedAt, updatedAt, tags }) => ({
    id,
    title,
    desiredOutcome,
    language,
    status,
    kind,
    archivedAt,
    updatedAt,
    tags,
  }));
  // One small request per published course on the page.
  const waiting = await Promise.all(
    items
      .filter((course) => course.status === 'published')
      .map(async (course) => {
        const publication = (await client.GET('/v1/courses/{id}/publication', { params: { path: { id: course.id } } }))?.data;
        return publication !== undefined && publication !== null && (publication.changedLessons > 0 || publication.outlineChanged) ? course.id : null;
      }),
  );
  return { items, nextCursor: result.data.nextCursor, changesWaiting: waiting.filter((id) => id !== null) };
}
