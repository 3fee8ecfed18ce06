import { Link } from '@remix-run/react';

/** Passages matching the search, best first, each leading to its document. */
export function SearchHits({
  q,
  hits,
}: {
  q: string;
  hits: Array<{ id: string; documentId: string; documentTitle: string; smeName: string; text: string }>;
}) {
  return (
    <section aria-labelledby="hits-heading" className="knowledge-hits">
      <h3 id="hits-heading">Passages matching “{q}”</h3>
      {hits.length === 0 ? (
        <p className="empty">No passage matches.</p>
      ) : (
        <ol data-testid="search-hits">
          {hits.map((hit) => (
            <li key={hit.id}>
              <Link to={`/knowledge/${hit.documentId}#chunk-${hit.id}`}>{hit.documentTitle}</Link> <span className="meta">({hit.smeName})</span>
              <p>{hit.text.length > 300 ? `${hit.text.slice(0, 300)}…` : hit.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
