import { lazy, Suspense } from 'react';
import type { BlockOf } from './blocks';
import { useEditorTools } from './lti-tools-context';

// Deep Linking (with the URL policy it checks the tool's answer against) serves only blocks whose
// tool takes deep-linking requests, rare in a lesson: loaded when such a block is shown.
const DeepLinkButton = lazy(() => import('./deep-link-button').then((module) => ({ default: module.DeepLinkButton })));

/**
 * An external LTI tool in the lesson: one of the organisation's registered tools (by name), the
 * activity's title and, for tools that take deep-linking requests, content chosen in the tool.
 * The chosen content is shown, not edited here.
 */
export function ExternalToolFields({ block, onChange }: { block: BlockOf<'external-tool'>; onChange: (b: BlockOf<'external-tool'>) => void }) {
  const { tools } = useEditorTools();
  const chosen = block.resourceLink;
  const tool = tools.find((candidate) => candidate.id === block.toolId);
  const known = block.toolId === '' || tool !== undefined;
  return (
    <div className="external-tool-fields">
      <div className="field">
        <label htmlFor={`${block.id}-title`}>Activity title</label>
        <input id={`${block.id}-title`} value={block.title} maxLength={300} onChange={(e) => onChange({ ...block, title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-tool`}>Tool</label>
        <select
          id={`${block.id}-tool`}
          value={block.toolId}
          aria-describedby={`${block.id}-tool-hint`}
          // A different tool cannot launch the content the previous one chose.
          onChange={(e) => onChange({ id: block.id, type: block.type, title: block.title, toolId: e.target.value })}
        >
          <option value="">Choose a registered tool</option>
          {known ? null : <option value={block.toolId}>A removed tool</option>}
          {tools.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
        <p id={`${block.id}-tool-hint`} className="field__hint">
          {tools.length === 0 ? 'No tools yet: an administrator registers them under Administration, LTI tools.' : 'Learners launch it in a new tab.'}
        </p>
      </div>
      <p className="meta" role="status" data-testid="chosen-content">
        {chosen === undefined
          ? 'No content chosen: learners start at the tool’s launch URL.'
          : `Chosen content: ${chosen.title ?? chosen.url ?? 'from the tool'}${chosen.lineItem === undefined ? '' : ` (graded out of ${chosen.lineItem.scoreMaximum})`}.`}
      </p>
      {tool?.deepLinking === true ? (
        // The same button, not yet usable, holds its place while the code arrives.
        <Suspense
          fallback={
            <div className="field deep-link">
              <button type="button" className="button button--secondary" disabled>
                Choose content from the tool
              </button>
              <p className="field__hint">{tool.name} opens in a new tab.</p>
            </div>
          }
        >
          <DeepLinkButton blockId={block.id} toolName={tool.name} />
        </Suspense>
      ) : null}
    </div>
  );
}
