import type { CourseSummary } from '../../api/types';

export const COURSE_VIEWS = ['courses', 'templates', 'archived'] as const;
export type CourseView = (typeof COURSE_VIEWS)[number];

export interface CourseListParams {
  view: CourseView;
  q: string;
  /** Only courses with this tag ('' for all). */
  tag: string;
  cursor: string | undefined;
}

export interface CoursePage {
  items: CourseSummary[];
  nextCursor: string | null;
  /** Published courses whose accepted changes wait for the next publication. */
  changesWaiting: string[];
}

export const PAGE_SIZE = 12;

/** What the dashboard's list was asked for, from the address (so a search or a view can be linked and reloaded). */
export function listParams(url: URL): CourseListParams {
  const view = COURSE_VIEWS.find((candidate) => candidate === url.searchParams.get('view')) ?? 'courses';
  const cursor = url.searchParams.get('cursor') ?? '';
  return {
    view,
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    tag: (url.searchParams.get('tag') ?? '').trim().toLowerCase().slice(0, 50),
    cursor: cursor === '' ? undefined : cursor,
  };
}

/** The address of a list: the view, the search and (for "more") where the page starts. */
export function listSearch(params: { view: CourseView; q: string; tag?: string | undefined; cursor?: string | undefined }): string {
  const search = new URLSearchParams();
  if (params.view !== 'courses') search.set('view', params.view);
  if (params.q !== '') search.set('q', params.q);
  if (params.tag !== undefined && params.tag !== '') search.set('tag', params.tag);
  if (params.cursor !== undefined) search.set('cursor', params.cursor);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
