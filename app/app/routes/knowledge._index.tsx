import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { AuthoringPage } from '../components/authoring/authoring-page';
import { announceUpload, refused, type SourceAnswer, sourceOf, tagList } from '../components/knowledge/document-source.server';
import { DocumentSourceForm } from '../components/knowledge/document-source-form';
import { DocumentTable } from '../components/knowledge/document-table';
import { SearchHits } from '../components/knowledge/search-hits';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import authoring from '../styles/authoring.css?url';
import knowledge from '../styles/knowledge.css?url';

export const meta: MetaFunction = () => [{ title: 'Knowledge library · Mirai' }];
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: authoring },
  { rel: 'stylesheet', href: knowledge },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const url = new URL(request.url);
  const q = url.searchParams.get('q')?.trim() ?? '';
  const tag = url.searchParams.get('tag') ?? '';
  const smeId = url.searchParams.get('sme') ?? '';
  const [documents, smes, hits] = await Promise.all([
    client.GET('/v1/knowledge/documents', { params: { query: { ...(tag === '' ? {} : { tag }), ...(smeId === '' ? {} : { smeId }) } } }),
    client.GET('/v1/smes'),
    q === '' ? Promise.resolve(null) : client.GET('/v1/knowledge/search', { params: { query: { q, ...(tag === '' ? {} : { tag }) } } }),
  ]);
  const library = requireApiData(documents, 'the library');
  return {
    q,
    tag,
    smeId,
    documents: library.items,
    tags: library.tags,
    smes: requireApiData(smes, 'the experts').items,
    hits: hits === null ? null : requireApiData(hits, 'the search results').items,
  };
}

/** Announce a file, or add a document (a new expert first when one is named) from a confirmed upload or a web page. */
export async function action({ request }: ActionFunctionArgs): Promise<SourceAnswer> {
  const client = await api(request);
  const form = await request.formData();
  if (textField(form, 'intent') === 'announce') return announceUpload(client, form);
  const title = textField(form, 'title').trim();
  if (title === '') return { ok: false, error: 'Give the document a title.' };
  const source = await sourceOf(client, form);
  if ('ok' in source) return source;
  let smeId = textField(form, 'smeId');
  const newExpert = textField(form, 'newExpert').trim();
  if (smeId === '' && newExpert === '') return { ok: false, error: 'Choose the expert, or name a new one.' };
  if (smeId === '') {
    const created = await client.POST('/v1/smes', { body: { name: newExpert, expertise: '' } });
    if (created.data === undefined) return refused(created.error, 'The expert could not be added.');
    smeId = created.data.id;
  }
  const language = textField(form, 'language').trim() || 'en';
  const registered = await client.POST('/v1/smes/{id}/documents', {
    params: { path: { id: smeId } },
    body: { title, language, tags: tagList(textField(form, 'tags')), ...source },
  });
  return registered.data === undefined ? refused(registered.error, 'The document could not be added.') : { ok: true, jobId: registered.data.jobId };
}

export default function KnowledgeLibrary() {
  const { q, tag, smeId, documents, tags, smes, hits } = useLoaderData<typeof loader>();
  const ids = { q: useId(), tag: useId(), sme: useId(), title: useId(), expert: useId(), newExpert: useId(), language: useId(), tags: useId() };
  return (
    <AuthoringPage title="Knowledge library">
      <section className="panel" aria-labelledby="library-heading">
        <h2 id="library-heading">Documents</h2>
        <Form method="get" className="knowledge-filters" role="search" aria-label="Search and filter the library">
          <div className="field field--grow">
            <label htmlFor={ids.q}>Search the documents</label>
            <input id={ids.q} name="q" type="search" defaultValue={q} />
          </div>
          <div className="field">
            <label htmlFor={ids.tag}>Tag</label>
            <select id={ids.tag} name="tag" defaultValue={tag}>
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.sme}>Expert</label>
            <select id={ids.sme} name="sme" defaultValue={smeId}>
              <option value="">Every expert</option>
              {smes.map((sme) => (
                <option key={sme.id} value={sme.id}>
                  {sme.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Search
          </button>
        </Form>
        {hits === null ? null : <SearchHits q={q} hits={hits} />}
        <DocumentTable documents={documents} filtered={tag !== '' || smeId !== ''} />
        <p>
          <Link to="/dashboard">Back to the dashboard</Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a document</h2>
        <DocumentSourceForm
          action="/knowledge?index"
          intent="add"
          submitLabel="Add document"
          doneMessage="Added: the document is read and searchable."
        >
          <div className="field-row">
            <div className="field field--grow">
              <label htmlFor={ids.title}>Title</label>
              <input id={ids.title} name="title" required />
            </div>
            <div className="field field--narrow">
              <label htmlFor={ids.language}>Language</label>
              <input id={ids.language} name="language" defaultValue="en" aria-describedby={`${ids.language}-hint`} />
              <p className="meta" id={`${ids.language}-hint`}>
                A language tag such as en, de or pt-BR: search stems words in this language.
              </p>
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.expert}>Expert</label>
              <select id={ids.expert} name="smeId" defaultValue={smes[0]?.id ?? ''}>
                <option value="">A new expert…</option>
                {smes.map((sme) => (
                  <option key={sme.id} value={sme.id}>
                    {sme.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.newExpert}>New expert’s name (when adding one)</label>
              <input id={ids.newExpert} name="newExpert" />
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.tags}>Tags (comma-separated)</label>
            <input id={ids.tags} name="tags" />
          </div>
        </DocumentSourceForm>
      </section>
    </AuthoringPage>
  );
}
