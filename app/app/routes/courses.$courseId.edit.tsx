import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, NavLink, Outlet, useLoaderData } from '@remix-run/react';

import { LessonOutlineNav } from '../components/authoring/lesson-outline-nav';
import { CourseStatusTag } from '../components/course-status-tag';
import { courseTagsAction } from '../components/courses/course-tags-action.server';
import { CourseTagsForm } from '../components/courses/course-tags-form';
import { passMarkAction } from '../components/courses/pass-mark-action.server';
import { PassMarkForm } from '../components/courses/pass-mark-form';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import authoring from '../styles/authoring.css?url';
import learning from '../styles/learning.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.course.title ?? 'course'} · Mirai` }];
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: learning },
  { rel: 'stylesheet', href: authoring },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.courseId ?? '' } } };
  const [course, outline] = await Promise.all([client.GET('/v1/courses/{id}', path), client.GET('/v1/courses/{id}/outline', path)]);
  const { id, title, status, kind, archivedAt, passMark, tags } = await requireApiData(course, 'the course');
  const { modules } = await requireApiData(outline, 'the outline');
  // A published course with accepted changes learners do not see yet: "Published" alone would say too much.
  const publication = status === 'published' ? (await client.GET('/v1/courses/{id}/publication', path)).data : undefined;
  const changesWaiting = publication !== undefined && publication !== null && (publication.changedLessons > 0 || publication.outlineChanged);
  return { course: { id, title, status, kind, archivedAt, changesWaiting, passMark, tags }, modules };
}

/** The course settings the editor's frame holds: the pass mark. */
/** The editor's own small forms: the tags (intent `tags`) and the pass mark. */
export async function action(args: ActionFunctionArgs) {
  const form = await args.request.clone().formData();
  if (form.get('intent') === 'tags') return courseTagsAction(args.request, args.params.courseId ?? '', form);
  return passMarkAction(args);
}

const STATUS_LABEL: Record<string, string> = { pending: 'not written', generating: 'writing', ready: '', failed: 'failed' };

/** The editor's frame: the course's lessons to pick from, and the chosen lesson's editor. */
export default function EditCourse() {
  const { course, modules } = useLoaderData<typeof loader>();
  return (
    <div className="authoring editor-layout">
      <div className="editor-layout__header">
        <p className="breadcrumbs">
          <Link to="/dashboard">Dashboard</Link> / {course.title}
        </p>
        <h1>{course.title}</h1>
        <p className="meta">
          <CourseStatusTag status={course.status} changesWaiting={course.changesWaiting} />
        </p>
        <div className="button-row">
          <Link className="button button--secondary" to={`/courses/${course.id}/preview`}>
            Preview as a learner
          </Link>
          <Link className="button button--secondary" to={`/courses/${course.id}/learners`}>
            Learners and progress
          </Link>
          <Link className="button button--secondary" to={`/courses/${course.id}/export`}>
            Export
          </Link>
        </div>
        <PassMarkForm courseId={course.id} passMark={course.passMark} />
        <CourseTagsForm courseId={course.id} tags={course.tags} />
        {/* Lifecycle actions run from the dashboard, which asks before the destructive ones. */}
        <fieldset className="plain-fieldset button-row course-card__lifecycle">
          <legend className="visually-hidden">Manage this course</legend>
          {course.kind === 'course' ? (
            <>
              <Form method="post" action="/dashboard" className="inline-form">
                <input type="hidden" name="courseId" value={course.id} />
                <button type="submit" name="intent" value="duplicate" className="button button--secondary">
                  Duplicate
                </button>
              </Form>
              <Form method="post" action="/dashboard" className="inline-form">
                <input type="hidden" name="courseId" value={course.id} />
                <button type="submit" name="intent" value="save-template" className="button button--secondary">
                  Save as template
                </button>
              </Form>
            </>
          ) : null}
          {course.status === 'published' ? (
            <Link className="button button--secondary" to={`/dashboard?confirm=unpublish&course=${course.id}`}>
              Unpublish
            </Link>
          ) : null}
          {course.kind === 'course' && course.archivedAt === null ? (
            <Link className="button button--secondary" to={`/dashboard?confirm=archive&course=${course.id}`}>
              Archive
            </Link>
          ) : null}
          <Link className="button button--secondary" to={`/dashboard?confirm=delete&course=${course.id}`}>
            Delete
          </Link>
        </fieldset>
      </div>
      <LessonOutlineNav
        className="editor-nav panel"
        modules={modules}
        moduleHeading="h2"
        renderLesson={(lesson) => (
          <NavLink to={`/courses/${course.id}/edit/${lesson.id}`} className="editor-nav__lesson">
            {lesson.title}
            {STATUS_LABEL[lesson.status] ? <span className="meta"> ({STATUS_LABEL[lesson.status]})</span> : null}
          </NavLink>
        )}
      />
      <div className="editor-main">
        <Outlet />
      </div>
    </div>
  );
}
