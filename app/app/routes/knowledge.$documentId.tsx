import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { AuthoringPage } from '../components/authoring/authoring-page';
import { CitationList } from '../components/knowledge/citation-list';
import { announceUpload, refused, type SourceAnswer, sourceOf, tagList } from '../components/knowledge/document-source.server';
import { DocumentSourceForm } from '../components/knowledge/document-source-form';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import authoring from '../styles/authoring.css?url';
import knowledge from '../styles/knowledge.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.preview.document.title ?? 'Document'} · Knowledge library · Mirai` },
];
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: authoring },
  { rel: 'stylesheet', href: knowledge },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const preview = requireApiData(
    await client.GET('/v1/knowledge/documents/{id}', { params: { path: { id: params.documentId ?? '' } } }),
    'the document',
  );
  return { preview, confirmDelete: new URL(request.url).searchParams.get('confirm') === 'delete' };
}

/** Tags, a replacement (announce, then start it) or, once confirmed, deletion. */
export async function action({ request, params }: ActionFunctionArgs): Promise<SourceAnswer | Response> {
  const client = await api(request);
  const form = await request.formData();
  const path = { params: { path: { id: params.documentId ?? '' } } };
  switch (textField(form, 'intent')) {
    case 'announce':
      return announceUpload(client, form);
    case 'tags': {
      const saved = await client.PATCH('/v1/knowledge/documents/{id}', { ...path, body: { tags: tagList(textField(form, 'tags')) } });
      return saved.data === undefined ? refused(saved.error, 'The tags could not be saved.') : { ok: true, saved: true };
    }
    case 'replace': {
      const source = await sourceOf(client, form);
      if ('ok' in source) return source;
      const started = await client.POST('/v1/knowledge/documents/{id}/replace', { ...path, body: source });
      return started.data === undefined ? refused(started.error, 'The document could not be replaced.') : { ok: true, jobId: started.data.jobId };
    }
    case 'delete': {
      const deleted = await client.DELETE('/v1/knowledge/documents/{id}', path);
      if (deleted.response.status !== 204) return refused(deleted.error, 'The document could not be deleted.');
      return redirect('/knowledge');
    }
    default:
      return { ok: false, error: 'Unknown action.' };
  }
}

export default function KnowledgeDocument() {
  const { preview, confirmDelete } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { document, chunks, citations } = preview;
  const tagsId = useId();
  const failure = answer !== undefined && 'ok' in answer && !answer.ok ? answer.error : null;
  return (
    <AuthoringPage title={document.title}>
      <section className="panel" aria-labelledby="about-heading">
        <h2 id="about-heading">About this document</h2>
        <dl className="facts">
          <div>
            <dt>Expert</dt>
            <dd>{document.smeName}</dd>
          </div>
          <div>
            <dt>Language</dt>
            <dd>{document.language}</dd>
          </div>
          <div>
            <dt>Passages</dt>
            <dd>{document.chunkCount}</dd>
          </div>
          {document.sourceUrl === null ? null : (
            <div>
              <dt>Web page</dt>
              <dd>
                <a href={document.sourceUrl} rel="noreferrer noopener" target="_blank">
                  {document.sourceUrl}
                </a>
              </dd>
            </div>
          )}
        </dl>
        <Form method="post" className="knowledge-filters">
          <input type="hidden" name="intent" value="tags" />
          <div className="field field--grow">
            <label htmlFor={tagsId}>Tags (comma-separated)</label>
            <input id={tagsId} name="tags" defaultValue={document.tags.join(', ')} key={document.tags.join(',')} />
          </div>
          <button type="submit" className="button button--secondary">
            Save tags
          </button>
        </Form>
        {answer !== undefined && 'ok' in answer && answer.ok && answer.saved === true ? (
          <p className="meta" role="status">
            Tags saved.
          </p>
        ) : null}
        {failure === null ? null : (
          <p className="alert" role="alert">
            {failure}
          </p>
        )}
        <p>
          <Link to="/knowledge">Back to the library</Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="cited-heading">
        <h2 id="cited-heading">Cited by</h2>
        <CitationList citations={citations} empty="No lesson version cites this document." />
      </section>

      <section className="panel" aria-labelledby="replace-heading">
        <h2 id="replace-heading">Replace or delete</h2>
        {citations.length === 0 ? null : (
          <p className="meta">
            Replacing or deleting this document leaves the lesson versions above without these passages as sources; their text is not changed.
          </p>
        )}
        <DocumentSourceForm
          action={`/knowledge/${document.id}`}
          intent="replace"
          submitLabel="Replace document"
          doneMessage="Replaced: the new text is read and searchable."
        />
        {confirmDelete ? (
          <section className="confirm--panel" aria-labelledby="delete-heading">
            <h3 id="delete-heading">Delete “{document.title}”?</h3>
            {citations.length === 0 ? (
              <p>No lesson version cites it.</p>
            ) : (
              <>
                <p>These lesson versions cite it and will lose it as a source:</p>
                <CitationList citations={citations} empty="" />
              </>
            )}
            <Form method="post" className="button-row">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--danger">
                Delete the document
              </button>
              <Link to={`/knowledge/${document.id}`}>Keep it</Link>
            </Form>
          </section>
        ) : (
          <p>
            <Link to="?confirm=delete" className="button button--secondary">
              Delete…
            </Link>
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="passages-heading">
        <h2 id="passages-heading">Passages</h2>
        <ol className="knowledge-chunks" data-testid="document-chunks">
          {chunks.map((chunk) => (
            <li key={chunk.id} id={`chunk-${chunk.id}`}>
              {chunk.heading === null ? null : <h3>{chunk.heading}</h3>}
              <p className="knowledge-chunk__text">{chunk.text}</p>
              {chunk.citedBy.length === 0 ? null : (
                <p className="meta">
                  Cited by{' '}
                  {chunk.citedBy.map((citation, index) => (
                    <span key={`${citation.lessonId}-${citation.version}`}>
                      {index === 0 ? '' : ', '}
                      <Link to={`/courses/${citation.courseId}/edit/${citation.lessonId}`}>
                        {citation.lessonTitle} (version {citation.version})
                      </Link>
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>
    </AuthoringPage>
  );
}
