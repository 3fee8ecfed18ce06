import type { BlockOf } from './blocks';

/**
 * An external LTI tool in the lesson: the registered tool's id (from `GET /v1/lti/tools`) and the
 * activity's title. Content chosen through Deep Linking (`POST /v1/lessons/{id}/lti-deep-links`)
 * is shown, not edited here.
 */
export function ExternalToolFields({ block, onChange }: { block: BlockOf<'external-tool'>; onChange: (b: BlockOf<'external-tool'>) => void }) {
  const chosen = block.resourceLink;
  return (
    <div className="external-tool-fields">
      <div className="field">
        <label htmlFor={`${block.id}-title`}>Activity title</label>
        <input id={`${block.id}-title`} value={block.title} maxLength={300} onChange={(e) => onChange({ ...block, title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-tool`}>Tool id</label>
        <input
          id={`${block.id}-tool`}
          value={block.toolId}
          maxLength={36}
          aria-describedby={`${block.id}-tool-hint`}
          onChange={(e) => onChange({ ...block, toolId: e.target.value.trim() })}
        />
        <p id={`${block.id}-tool-hint`} className="field__hint">
          {chosen === undefined
            ? 'The id an admin got when registering the tool. Learners launch its launch URL.'
            : `Chosen content: ${chosen.title ?? chosen.url ?? 'from the tool'}.`}
        </p>
      </div>
    </div>
  );
}
