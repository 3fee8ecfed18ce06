import type { ReactNode } from 'react';

interface OutlineModule<L> {
  id: string;
  title: string;
  lessons: L[];
}

/**
 * A course's modules and lessons as a numbered list of links, as the editor and the preview show
 * it; each page decides where a lesson links to (`renderLesson`).
 */
export function LessonOutlineNav<L extends { id: string }>({
  modules,
  className,
  moduleHeading: ModuleHeading,
  renderLesson,
}: {
  modules: OutlineModule<L>[];
  className: string;
  /** A heading where the nav is the page's structure (editor), a paragraph beside an article (preview). */
  moduleHeading: 'h2' | 'p';
  renderLesson: (lesson: L) => ReactNode;
}) {
  return (
    <nav className={className} aria-label="Lessons">
      <ol>
        {modules.map((module, index) => (
          <li key={module.id}>
            <ModuleHeading className="editor-nav__module">
              {index + 1}. {module.title}
            </ModuleHeading>
            <ol>
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>{renderLesson(lesson)}</li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  );
}
