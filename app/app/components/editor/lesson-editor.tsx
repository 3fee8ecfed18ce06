import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useActionCall } from '../../machines/use-action-call';
import { editorUiStore, useEditorUi } from '../../stores/editor-ui.store';
import { BlockCard } from './block-card';
import { BLOCK_LABELS, type Block, type BlockType, blockProblem, moveBlock, newBlock, replaceBlock } from './blocks';
import type { EditorResult } from './editor-action.server';
import type { UploadAnswer } from './upload-file';

const AUTOSAVE_MS = 800;

/**
 * The blocks of one lesson, edited in place and saved automatically a moment after the last
 * change. The working copy is this component's state (seeded from the loader); the Zustand store
 * only knows the UI side: selection and save status.
 */
export function LessonEditor({ initialBlocks, action, imageUrls }: { initialBlocks: Block[]; action: string; imageUrls: Record<string, string> }) {
  const [blocks, setBlocks] = useState(initialBlocks);
  const [dragging, setDragging] = useState<number | null>(null);
  const [addType, setAddType] = useState<BlockType>('markdown');
  const selected = useEditorUi((s) => s.selectedBlockId);
  const announcement = useEditorUi((s) => s.announcement);
  const saver = useFetcher<EditorResult>();
  const upload = useActionCall<EditorResult>(action) as (form: FormData) => Promise<UploadAnswer>;
  const edited = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    editorUiStore.getState().reset();
  }, []);

  // Autosave: a moment after the last edit, unless a block still misses something required.
  useEffect(() => {
    if (!edited.current) return;
    const timer = setTimeout(() => {
      const problem = blocks.map(blockProblem).find((p) => p !== null);
      if (problem !== undefined && problem !== null) {
        editorUiStore.getState().markFailed(problem);
        return;
      }
      editorUiStore.getState().markSaving();
      saver.submit({ intent: 'save', blocks: JSON.stringify(blocks) }, { method: 'post', action });
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [blocks, action, saver.submit]);

  useEffect(() => {
    if (saver.state !== 'idle' || saver.data === undefined) return;
    if (saver.data.ok) editorUiStore.getState().markSaved(saver.data.savedAt ?? new Date().toISOString());
    else editorUiStore.getState().markFailed(saver.data.error);
  }, [saver.state, saver.data]);

  // Leaving with unsaved edits asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      const { save } = editorUiStore.getState();
      if (save === 'dirty' || save === 'saving') event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const change = (next: Block[]) => {
    edited.current = true;
    editorUiStore.getState().markDirty();
    setBlocks(next);
  };
  const move = (from: number, to: number) => {
    const block = blocks[from];
    if (block === undefined || to < 0 || to >= blocks.length) return;
    change(moveBlock(blocks, from, to));
    editorUiStore.getState().announce(`${BLOCK_LABELS[block.type]} block moved to position ${to + 1} of ${blocks.length}.`);
  };

  return (
    <div className="lesson-editor">
      <p className="visually-hidden" aria-live="assertive">
        {announcement}
      </p>
      {blocks.length === 0 ? <p className="empty">This lesson has no blocks yet. Add the first one below.</p> : null}
      <ol className="block-list" ref={listRef} aria-label="Lesson blocks">
        {blocks.map((block, index) => (
          <BlockCard
            key={block.id}
            block={block}
            index={index}
            count={blocks.length}
            selected={selected === block.id}
            imageUrl={block.type === 'image' ? (imageUrls[block.storageKey] ?? null) : null}
            upload={upload}
            onChange={(next) => change(replaceBlock(blocks, next))}
            onMove={move}
            onDropBlock={(draggedId) =>
              move(
                blocks.findIndex((b) => b.id === draggedId),
                index,
              )
            }
            onRemove={() => {
              change(blocks.filter((b) => b.id !== block.id));
              editorUiStore.getState().announce(`${BLOCK_LABELS[block.type]} block deleted.`);
            }}
            onSelect={() => editorUiStore.getState().select(block.id)}
            dragging={dragging}
            onDragStart={setDragging}
            onDragEnd={() => setDragging(null)}
          />
        ))}
      </ol>
      <div className="add-block">
        <label htmlFor="add-block-type">New block</label>
        <select id="add-block-type" value={addType} onChange={(e) => setAddType(e.target.value as BlockType)}>
          {(Object.keys(BLOCK_LABELS) as BlockType[]).map((type) => (
            <option key={type} value={type}>
              {BLOCK_LABELS[type]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            const block = newBlock(addType);
            change([...blocks, block]);
            requestAnimationFrame(() =>
              listRef.current?.querySelector<HTMLElement>(`[data-block-id="${block.id}"] input, [data-block-id="${block.id}"] textarea`)?.focus(),
            );
          }}
        >
          Add block
        </button>
      </div>
    </div>
  );
}
