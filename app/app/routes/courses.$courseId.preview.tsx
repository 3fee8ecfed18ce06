import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';

import { LessonOutlineNav } from '../components/authoring/lesson-outline-nav';
import { LessonBlocks } from '../components/lesson-blocks';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { formErrorsFromProblem } from '../lib/form-errors';
import { storedFileUrls } from '../lib/stored-file-urls.server';
import authoring from '../styles/authoring.css?url';
import learning from '../styles/learning.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview ${data?.course.title ?? 'course'} · Mirai` }];
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: learning },
  { rel: 'stylesheet', href: authoring },
];

/** The course as learners will see it: every lesson's current content, plus whether it is published. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.courseId ?? '' } } };
  const [courseResult, outlineResult, publicationResult] = await Promise.all([
    client.GET('/v1/courses/{id}', path),
    client.GET('/v1/courses/{id}/outline', path),
    client.GET('/v1/courses/{id}/publication', path),
  ]);
  const course = await requireApiData(courseResult, 'the course');
  const outline = await requireApiData(outlineResult, 'the outline');
  const lessonIds = outline.modules.flatMap((m) => m.lessons.map((l) => l.id));
  const selected = new URL(request.url).searchParams.get('lesson') ?? lessonIds[0] ?? null;
  const lesson =
    selected === null ? null : await requireApiData(await client.GET('/v1/lessons/{id}', { params: { path: { id: selected } } }), 'the lesson');
  // Images, recordings, captions and attachments play through short-lived download URLs.
  const imageUrls = await storedFileUrls(client, lesson?.content?.blocks ?? []);
  return {
    course: { id: course.id, title: course.title, desiredOutcome: course.desiredOutcome, status: course.status },
    modules: outline.modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, written: l.currentVersion > 0 })),
    })),
    lesson: lesson === null ? null : { id: lesson.id, title: lesson.title, blocks: lesson.content?.blocks ?? [] },
    publication: publicationResult?.data ?? null,
    imageUrls,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const client = await api(request);
  const result = await client.POST('/v1/courses/{id}/publish', { params: { path: { id: params.courseId ?? '' } } });
  if (result.data !== undefined) return { ok: true as const, number: result.data.number, lessonCount: result.data.lessonCount };
  return { ok: false as const, error: formErrorsFromProblem(result.error, 'The course could not be published.').message };
}

type Publication = NonNullable<Awaited<ReturnType<typeof loader>>['publication']>;

/** Learners already see exactly this: nothing to publish. */
function upToDate(publication: Publication | null): boolean {
  return publication !== null && publication.status === 'published' && publication.changedLessons === 0 && !publication.outlineChanged;
}

/** One sentence for where the course stands: what learners see, and what publishing would change. */
function PublicationState({ publication }: { publication: Publication | null }) {
  if (publication === null)
    return (
      <p className="meta" data-testid="publication-status">
        Not published yet: learners cannot see it.
      </p>
    );
  const changes = [
    publication.changedLessons === 0 ? null : `${publication.changedLessons} lesson${publication.changedLessons === 1 ? '' : 's'}`,
    publication.outlineChanged ? 'the title or outline' : null,
  ].filter((change) => change !== null);
  const date = <time dateTime={publication.publishedAt}>{publication.publishedAt.slice(0, 10)}</time>;
  return (
    <p className="meta" data-testid="publication-status" data-state={upToDate(publication) ? 'up-to-date' : publication.status}>
      {publication.status === 'published' ? <>Published on {date}</> : <>Withdrawn: learners cannot see it (last published on {date})</>}
      {changes.length === 0
        ? publication.status === 'published'
          ? '; learners see it as it is now.'
          : '.'
        : `. Changed since: ${changes.join(' and ')}. Learners see these changes once you publish.`}
    </p>
  );
}

export default function PreviewCourse() {
  const { course, modules, lesson, publication, imageUrls } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const publish = useFetcher<typeof action>();
  const resultRef = useRef<HTMLDivElement>(null);
  const all = modules.flatMap((m) => m.lessons);
  const index = lesson === null ? -1 : all.findIndex((l) => l.id === lesson.id);
  const previous = index > 0 ? all[index - 1] : undefined;
  const next = index >= 0 ? all[index + 1] : undefined;
  const unwritten = all.filter((l) => !l.written).length;

  useEffect(() => {
    if (publish.state === 'idle' && publish.data !== undefined) resultRef.current?.focus();
  }, [publish.state, publish.data]);

  return (
    <div className="authoring preview">
      <p className="breadcrumbs">
        <Link to="/dashboard">Dashboard</Link> / <Link to={`/courses/${course.id}/edit`}>{course.title}</Link> / Preview
      </p>
      <div className="preview__bar panel">
        <div>
          <h1>Preview: {course.title}</h1>
          <PublicationState publication={publication} />
        </div>
        <div className="button-row">
          <Link className="button button--secondary" to={lesson === null ? `/courses/${course.id}/edit` : `/courses/${course.id}/edit/${lesson.id}`}>
            Back to the editor
          </Link>
          {upToDate(publication) ? null : (
            <publish.Form method="post">
              <button
                type="submit"
                className="button"
                disabled={publish.state !== 'idle' || unwritten > 0}
                aria-describedby={unwritten > 0 ? 'publish-blocked' : undefined}
              >
                {publish.state !== 'idle'
                  ? 'Publishing…'
                  : publication === null
                    ? 'Publish'
                    : publication.status === 'unpublished'
                      ? 'Publish again'
                      : 'Publish these changes'}
              </button>
            </publish.Form>
          )}
        </div>
        {unwritten > 0 ? (
          <p id="publish-blocked" className="meta">
            {unwritten} lesson{unwritten === 1 ? ' has' : 's have'} no content yet.
          </p>
        ) : null}
        {publish.data === undefined ? null : (
          <div
            ref={resultRef}
            tabIndex={-1}
            className={publish.data.ok ? 'notice notice--ok' : 'alert'}
            role={publish.data.ok ? 'status' : 'alert'}
            data-testid="publish-result"
          >
            {publish.data.ok ? (
              <>
                Published ({publish.data.lessonCount} lessons). Learners find it in the catalogue under <Link to="/learn">Learn</Link>.
              </>
            ) : (
              publish.data.error
            )}
          </div>
        )}
      </div>
      <div className="preview__layout">
        <LessonOutlineNav
          className="panel preview__nav"
          modules={modules}
          moduleHeading="p"
          renderLesson={(l) => (
            <Link to={`?lesson=${l.id}`} aria-current={lesson?.id === l.id ? 'page' : undefined} className="editor-nav__lesson">
              {l.title}
            </Link>
          )}
        />
        <article className="panel learner-frame" aria-labelledby="preview-lesson-title" key={params.get('lesson') ?? 'first'}>
          {lesson === null ? (
            <p className="empty">This course has no lessons yet.</p>
          ) : (
            <>
              <h2 id="preview-lesson-title">{lesson.title}</h2>
              <LessonBlocks blocks={lesson.blocks} titleLevel={2} imageUrl={(key) => imageUrls[key] ?? null} />
              <div className="button-row button-row--spread">
                {previous === undefined ? <span /> : <Link to={`?lesson=${previous.id}`}>← {previous.title}</Link>}
                {next === undefined ? <span /> : <Link to={`?lesson=${next.id}`}>{next.title} →</Link>}
              </div>
            </>
          )}
        </article>
      </div>
    </div>
  );
}
