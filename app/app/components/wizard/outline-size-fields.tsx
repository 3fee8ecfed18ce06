import type { OutlineSize } from '../../machines/course-wizard.machine';

/** How big the drafted outline should be; the author can still add and remove items in review. */
export function OutlineSizeFields({ size, onChange }: { size: OutlineSize; onChange: (size: Partial<OutlineSize>) => void }) {
  return (
    <fieldset className="subpanel outline-size">
      <legend>Outline size</legend>
      <div className="field-row">
        <div className="field field--narrow">
          <label htmlFor="outline-modules">Modules</label>
          <input
            id="outline-modules"
            type="number"
            min={1}
            max={12}
            value={size.modules}
            onChange={(e) => onChange({ modules: Number(e.target.value) || 1 })}
          />
        </div>
        <div className="field field--narrow">
          <label htmlFor="outline-lessons">Lessons per module</label>
          <input
            id="outline-lessons"
            type="number"
            min={1}
            max={10}
            value={size.lessonsPerModule}
            onChange={(e) => onChange({ lessonsPerModule: Number(e.target.value) || 1 })}
          />
        </div>
      </div>
    </fieldset>
  );
}
