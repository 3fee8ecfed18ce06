import { Link } from '@remix-run/react';

export interface LibraryRow {
  id: string;
  title: string;
  smeName: string;
  mediaType: string;
  language: string;
  tags: string[];
  chunkCount: number;
  citingVersionCount: number;
}

const KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'text/markdown': 'Markdown',
  'text/plain': 'Text',
  'text/html': 'Web page',
};

/** The library's documents: expert, kind, language, tags, passages and how many lesson versions cite them. */
export function DocumentTable({ documents, filtered }: { documents: LibraryRow[]; filtered: boolean }) {
  if (documents.length === 0)
    return <p className="empty">{filtered ? 'No document matches these filters.' : 'No documents yet: add the first one below.'}</p>;
  return (
    <div className="table-scroll">
      <table className="knowledge-table" data-testid="library-documents">
        <caption className="visually-hidden">Documents of the library</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Expert</th>
            <th scope="col">Kind</th>
            <th scope="col">Tags</th>
            <th scope="col">Passages</th>
            <th scope="col">Cited by</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.id}>
              <th scope="row">
                <Link to={`/knowledge/${document.id}`}>{document.title}</Link>
              </th>
              <td>{document.smeName}</td>
              <td>
                {KINDS[document.mediaType] ?? document.mediaType} <span className="meta">({document.language})</span>
              </td>
              <td>
                {document.tags.length === 0
                  ? '—'
                  : document.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
              </td>
              <td>{document.chunkCount}</td>
              <td>{document.citingVersionCount === 1 ? '1 lesson version' : `${document.citingVersionCount} lesson versions`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
