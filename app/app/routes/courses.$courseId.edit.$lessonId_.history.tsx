import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useRef } from 'react';

import { diffBlocks } from '../components/editor/version-diff';
import { VersionDiffView } from '../components/editor/version-diff-view';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `History of ${data?.lesson.title ?? 'lesson'} · Mirai` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.lessonId ?? '' } } };
  const [lesson, versions] = await Promise.all([client.GET('/v1/lessons/{id}', path), client.GET('/v1/lessons/{id}/versions', path)]);
  const { id, title, courseId, currentVersion } = await requireApiData(lesson, 'the lesson');
  const { items } = await requireApiData(versions, 'the versions');
  const current = items.find((v) => v.version === currentVersion);
  // Compared with the current version: the one asked for, else the newest other one.
  const asked = Number(new URL(request.url).searchParams.get('version'));
  const selected = items.find((v) => v.version === asked && v.version !== currentVersion) ?? items.find((v) => v.version !== currentVersion);
  return {
    lesson: { id, title, courseId, currentVersion },
    versions: items.map(({ version, provenance, createdAt }) => ({
      version,
      createdAt,
      by:
        provenance.source === 'author'
          ? provenance.copiedFrom === undefined
            ? 'edited by an author'
            : 'copied'
          : `written by ${provenance.providerLabel ?? provenance.provider ?? 'AI'}`,
    })),
    selected: selected?.version ?? null,
    changes: selected === undefined || current === undefined ? [] : diffBlocks(selected.blocks, current.blocks),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const version = Number((await request.formData()).get('version'));
  const client = await api(request);
  const answer = await client.POST('/v1/lessons/{id}/restore', { params: { path: { id: params.lessonId ?? '' } }, body: { version } });
  if (answer?.data === undefined) return { message: formErrorsFromProblem(answer?.error, `Version ${version} could not be restored.`).message };
  return redirect(`/courses/${params.courseId}/edit/${params.lessonId}`);
}

/** Every version of a lesson, one compared with the current version block by block and word by word, and restored in one step. */
export default function LessonHistory() {
  const { lesson, versions, selected, changes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const base = `/courses/${lesson.courseId}/edit/${lesson.id}`;
  return (
    <section className="panel" aria-labelledby="history-heading" data-testid="version-history">
      <p className="breadcrumbs">
        <Link to={base}>Back to the lesson</Link>
      </p>
      <h2 id="history-heading" ref={heading} tabIndex={-1}>
        Version history: {lesson.title}
      </h2>
      <ol className="version-list" aria-label="Versions, newest first">
        {versions.map((v) => (
          <li key={v.version} data-version={v.version}>
            {v.version === lesson.currentVersion ? (
              <strong>Version {v.version} (current)</strong>
            ) : (
              <Link to={`?version=${v.version}`} aria-current={v.version === selected ? 'true' : undefined} preventScrollReset>
                Version {v.version}
              </Link>
            )}{' '}
            <span className="meta">
              {v.by}, <time dateTime={v.createdAt}>{v.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
            </span>
          </li>
        ))}
      </ol>
      {selected === null ? (
        <p className="empty">This lesson has only its current version.</p>
      ) : (
        <>
          <h3>
            What changed from version {selected} to the current version {lesson.currentVersion}
          </h3>
          <VersionDiffView changes={changes} />
          {failure === undefined ? null : (
            <p className="field__error" role="alert">
              {failure.message}
            </p>
          )}
          <Form method="post" className="button-row">
            <input type="hidden" name="version" value={selected} />
            <button type="submit" className="button">
              Restore version {selected}
            </button>
            <span className="meta">The current version stays in the history.</span>
          </Form>
        </>
      )}
    </section>
  );
}
