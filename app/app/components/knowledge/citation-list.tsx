import { Link } from '@remix-run/react';

export interface CitationRow {
  courseId: string;
  courseTitle: string;
  lessonId: string;
  lessonTitle: string;
  version: number;
  current: boolean;
}

/** The lesson versions citing a document, each leading to its lesson in the editor. */
export function CitationList({ citations, empty }: { citations: CitationRow[]; empty: string }) {
  if (citations.length === 0) return empty === '' ? null : <p className="empty">{empty}</p>;
  return (
    <ul className="knowledge-citations" data-testid="citations">
      {citations.map((citation) => (
        <li key={`${citation.lessonId}-${citation.version}`}>
          {citation.courseTitle}: <Link to={`/courses/${citation.courseId}/edit/${citation.lessonId}`}>{citation.lessonTitle}</Link>, version{' '}
          {citation.version}
          {citation.current ? ' (current)' : ''}
        </li>
      ))}
    </ul>
  );
}
