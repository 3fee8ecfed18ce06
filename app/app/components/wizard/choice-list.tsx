import type { ReactNode } from 'react';

/** A labelled group of checkboxes for picking existing experts or audiences. */
export function ChoiceList<T extends { id: string }>({
  legend,
  items,
  selected,
  empty,
  render,
  onToggle,
}: {
  legend: string;
  items: T[];
  selected: string[];
  empty: string;
  render: (item: T) => { label: string; detail: ReactNode };
  onToggle: (id: string) => void;
}) {
  return (
    <fieldset className="choice-list">
      <legend>{legend}</legend>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul>
          {items.map((item) => {
            const { label, detail } = render(item);
            const id = `choice-${item.id}`;
            return (
              <li key={item.id} className="choice">
                <input
                  id={id}
                  type="checkbox"
                  checked={selected.includes(item.id)}
                  onChange={() => onToggle(item.id)}
                  aria-describedby={`${id}-detail`}
                />
                <label htmlFor={id}>
                  <span className="choice__label">{label}</span>
                  <span id={`${id}-detail`} className="choice__detail">
                    {detail}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
