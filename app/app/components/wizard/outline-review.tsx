import type { WizardEvent } from '../../machines/course-wizard.machine';
import type { OutlineDraft } from '../../machines/outline-draft';

/** Step 5: rename, reorder (buttons or Alt+Arrow in a title), add and remove modules and lessons. */
export function OutlineReview({ outline, send }: { outline: OutlineDraft; send: (event: WizardEvent) => void }) {
  return (
    <div className="outline-review">
      <ol className="outline-modules">
        {outline.map((module, mi) => (
          <li key={module.key} className="outline-module" data-testid="outline-module">
            <div className="outline-row">
              <label className="visually-hidden" htmlFor={`module-${module.key}`}>
                Module {mi + 1} title
              </label>
              <span className="outline-row__number" aria-hidden="true">
                {mi + 1}
              </span>
              <input
                id={`module-${module.key}`}
                className="outline-row__title outline-row__title--module"
                value={module.title}
                maxLength={200}
                onChange={(e) => send({ type: 'RENAME_MODULE', moduleKey: module.key, title: e.target.value })}
                onKeyDown={(e) => {
                  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                  e.preventDefault();
                  send({ type: 'MOVE_MODULE', moduleKey: module.key, by: e.key === 'ArrowUp' ? -1 : 1 });
                  requestAnimationFrame(() => document.getElementById(`module-${module.key}`)?.focus());
                }}
              />
              <MoveButtons
                label={`module ${module.title}`}
                first={mi === 0}
                last={mi === outline.length - 1}
                onMove={(by) => send({ type: 'MOVE_MODULE', moduleKey: module.key, by })}
                onRemove={() => send({ type: 'REMOVE_MODULE', moduleKey: module.key })}
              />
            </div>
            <ol className="outline-lessons">
              {module.lessons.map((lesson, li) => (
                <li key={lesson.key} className="outline-row" data-testid="outline-lesson">
                  <label className="visually-hidden" htmlFor={`lesson-${lesson.key}`}>
                    Lesson {li + 1} of module {mi + 1} title
                  </label>
                  <input
                    id={`lesson-${lesson.key}`}
                    className="outline-row__title"
                    value={lesson.title}
                    maxLength={200}
                    onChange={(e) => send({ type: 'RENAME_LESSON', lessonKey: lesson.key, title: e.target.value })}
                    onKeyDown={(e) => {
                      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                      e.preventDefault();
                      send({ type: 'MOVE_LESSON', lessonKey: lesson.key, by: e.key === 'ArrowUp' ? -1 : 1 });
                      requestAnimationFrame(() => document.getElementById(`lesson-${lesson.key}`)?.focus());
                    }}
                  />
                  <MoveButtons
                    label={`lesson ${lesson.title}`}
                    first={mi === 0 && li === 0}
                    last={mi === outline.length - 1 && li === module.lessons.length - 1}
                    onMove={(by) => send({ type: 'MOVE_LESSON', lessonKey: lesson.key, by })}
                    onRemove={() => send({ type: 'REMOVE_LESSON', lessonKey: lesson.key })}
                  />
                </li>
              ))}
            </ol>
            <button type="button" className="button button--link" onClick={() => send({ type: 'ADD_LESSON', moduleKey: module.key })}>
              + Add a lesson to module {mi + 1}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="button button--secondary" onClick={() => send({ type: 'ADD_MODULE' })}>
        + Add a module
      </button>
      <p className="field__hint">Tip: in a title, Alt+↑ and Alt+↓ move the item.</p>
    </div>
  );
}

function MoveButtons({
  label,
  first,
  last,
  onMove,
  onRemove,
}: {
  label: string;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <span className="icon-buttons">
      <button type="button" className="icon-button" aria-label={`Move ${label} up`} disabled={first} onClick={() => onMove(-1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label={`Move ${label} down`} disabled={last} onClick={() => onMove(1)}>
        ↓
      </button>
      <button type="button" className="icon-button icon-button--danger" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
