import type { BlockChange } from './version-diff';

const CHANGE_LABEL: Record<BlockChange['change'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed', same: 'Unchanged' };

/** Blocks compared, with added and removed words marked (ins/del, so assistive technology announces them). */
export function VersionDiffView({ changes }: { changes: BlockChange[] }) {
  const changed = changes.filter((change) => change.change !== 'same').length;
  return (
    <>
      <p className="meta" data-testid="diff-summary">
        {changed === 0 ? 'No differences.' : `${changed} block${changed === 1 ? ' differs' : 's differ'}.`}
      </p>
      <ol className="version-diff" data-testid="version-diff">
        {changes.map((change) => (
          <li
            key={`${change.change}-${change.id}`}
            className={`version-diff__block version-diff__block--${change.change}`}
            data-change={change.change}
          >
            <p className="meta">
              {CHANGE_LABEL[change.change]} {change.type}
            </p>
            <p className="version-diff__text">
              {change.words.map((word, index) =>
                word.op === 'added' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the words of one diff never reorder
                  <ins key={index}>{word.text}</ins>
                ) : word.op === 'removed' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the words of one diff never reorder
                  <del key={index}>{word.text}</del>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the words of one diff never reorder
                  <span key={index}>{word.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
