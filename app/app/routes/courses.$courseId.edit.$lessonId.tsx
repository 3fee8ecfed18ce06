import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, type ShouldRevalidateFunction, useLoaderData, useRevalidator, useRouteLoaderData } from '@remix-run/react';
import { useMemo, useState } from 'react';

import { WithoutModelNotice } from '../components/authoring/without-model-notice';
import type { Block } from '../components/editor/blocks';
import { editorAction } from '../components/editor/editor-action.server';
import { LessonEditor } from '../components/editor/lesson-editor';
import { EditorToolsContext } from '../components/editor/lti-tools-context';
import { RegeneratePanel } from '../components/editor/regenerate-panel';
import { SaveStatus } from '../components/editor/save-status';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { storedFileUrls } from '../lib/stored-file-urls.server';
import { useEditorUi } from '../stores/editor-ui.store';
import type { loader as courseLoader } from './courses.$courseId.edit';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? 'Lesson'} · editor · Mirai` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const lesson = await requireApiData(await client.GET('/v1/lessons/{id}', { params: { path: { id: params.lessonId ?? '' } } }), 'the lesson');
  const blocks: Block[] = lesson.content?.blocks ?? [];
  // Images, recordings, captions and attachments are shown through short-lived download URLs from the storage plugin.
  const imageUrls = await storedFileUrls(client, blocks);
  // The passages the current version was grounded on, to show next to it.
  const chunkIds = (lesson.content?.provenance.sourceChunkIds ?? []).slice(0, 50);
  const chunks = chunkIds.length === 0 ? undefined : await client.GET('/v1/chunks', { params: { query: { ids: chunkIds.join(',') } } });
  const sources = (chunks?.data?.items ?? []).map(({ id, smeName, documentTitle, text }) => ({
    id,
    smeName,
    documentTitle,
    excerpt: text.slice(0, 280),
  }));
  // The organisation's LTI tools, offered by name in external-tool blocks.
  const tools = (await client.GET('/v1/lti/tools')).data ?? [];
  return {
    sources,
    tools: tools.map((tool) => ({ id: tool.id, name: tool.name, deepLinking: tool.deepLinkingUrl !== null })),
    lesson: {
      id: lesson.id,
      title: lesson.title,
      objectives: lesson.objectives,
      moduleId: lesson.moduleId,
      courseId: lesson.courseId,
      status: lesson.status,
    },
    content:
      lesson.content === null
        ? null
        : { version: lesson.content.version, blocks, provenance: lesson.content.provenance, createdAt: lesson.content.createdAt },
    imageUrls,
  };
}

export const action = ({ request, params }: ActionFunctionArgs) => editorAction(request, params.lessonId ?? '');

const QUIET_INTENTS = new Set(['save', 'announceUpload', 'completeUpload', 'regenerateLesson', 'regenerateModule', 'deepLink']);

/** Autosaves and uploads change nothing the page shows from its loaders: skip reloading them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get('intent');
  return typeof intent === 'string' && QUIET_INTENTS.has(intent) ? false : defaultShouldRevalidate;
};

export default function EditLesson() {
  const { lesson, content, imageUrls, sources, tools } = useLoaderData<typeof loader>();
  const course = useRouteLoaderData<typeof courseLoader>('routes/courses.$courseId.edit');
  const revalidator = useRevalidator();
  const save = useEditorUi((s) => s.save);
  const [rewriting, setRewriting] = useState(false);

  const module = course?.modules.find((m) => m.id === lesson.moduleId);
  const blocks = content?.blocks ?? [];
  const action = `/courses/${lesson.courseId}/edit/${lesson.id}`;
  const provenance = content?.provenance;
  const editorTools = useMemo(() => ({ tools, action, reload: () => revalidator.revalidate() }), [tools, action, revalidator.revalidate]);

  return (
    <>
      <section className="panel lesson-panel" aria-labelledby="lesson-heading">
        <div className="lesson-panel__header">
          <div>
            <h2 id="lesson-heading">{lesson.title}</h2>
            {lesson.objectives.length > 0 ? (
              <ul className="objectives" aria-label="Objectives">
                {lesson.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            ) : null}
            {lesson.status === 'failed' ? (
              <p className="alert" role="status" data-testid="lesson-failed">
                Writing this lesson failed. Try again with <a href="#regenerate-heading">Rewrite with AI</a> below.
              </p>
            ) : null}
            {provenance === undefined ? null : (
              <p className="meta" data-testid="provenance">
                Version {content?.version} ·{' '}
                {provenance.source === 'generated'
                  ? `written by ${provenance.providerLabel ?? provenance.provider ?? 'AI'}${provenance.model === undefined ? '' : ` (${provenance.model})`} from ${provenance.sourceChunkIds?.length ?? 0} source passages${provenance.instruction === undefined ? '' : `, asked: “${provenance.instruction}”`}`
                  : 'edited by an author'}{' '}
                · <Link to={`${action}/history`}>Version history</Link>
              </p>
            )}
            {provenance?.instructionCheck?.message ? (
              <p className="alert" role="status" data-testid="instruction-not-followed">
                {provenance.instructionCheck.message}
              </p>
            ) : null}
            {provenance?.source === 'generated' && provenance.withoutModel === true ? (
              <WithoutModelNotice what="lesson" label={provenance.providerLabel ?? provenance.provider ?? 'The AI provider'} />
            ) : null}
            {sources.length === 0 ? null : (
              <details className="sources" data-testid="lesson-sources">
                <summary>
                  {sources.length} source passage{sources.length === 1 ? '' : 's'}
                </summary>
                <ul>
                  {sources.map((s) => (
                    <li key={s.id}>
                      <strong>{s.smeName}</strong>, {s.documentTitle}: <q>{s.excerpt}</q>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
          <SaveStatus />
        </div>
        {/* Autosaves do not reload the loader, so the version changes only after a rewrite or restore: then the editor starts afresh. */}
        <fieldset className="plain-fieldset" disabled={rewriting} aria-describedby={rewriting ? 'rewriting-note' : undefined}>
          <legend className="visually-hidden">Lesson content</legend>
          {rewriting ? (
            <p id="rewriting-note" className="meta">
              Editing is paused while the lesson is rewritten and until you accept or reject the result.
            </p>
          ) : null}
          <EditorToolsContext.Provider value={editorTools}>
            <LessonEditor key={`${lesson.id}:${content?.version ?? 0}`} initialBlocks={blocks} action={action} imageUrls={imageUrls} />
          </EditorToolsContext.Provider>
        </fieldset>
      </section>
      <RegeneratePanel
        key={`${lesson.id}:regen`}
        action={action}
        disabled={
          save === 'dirty' || save === 'saving' ? 'Wait until your changes are saved.' : save === 'error' ? 'Fix the unsaved change first.' : null
        }
        imageUrl={(key) => imageUrls[key] ?? null}
        onResolved={() => revalidator.revalidate()}
        onBusy={setRewriting}
        target={{
          courseId: lesson.courseId,
          lessonId: lesson.id,
          lessonTitle: lesson.title,
          moduleId: lesson.moduleId,
          moduleTitle: module?.title ?? 'this module',
        }}
      />
    </>
  );
}
