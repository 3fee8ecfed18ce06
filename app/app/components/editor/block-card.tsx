import type { DragEvent, KeyboardEvent } from 'react';
import { FlashcardFields, QuizFields } from './activity-fields';
import { AttachmentFields } from './attachment-fields';
import { BLOCK_LABELS, type Block, blockProblem } from './blocks';
import { ExternalToolFields } from './external-tool-fields';
import { ImageFields } from './image-fields';
import { MediaFields } from './media-fields';
import { CalloutFields, CodeFields, HeadingFields, RichTextField } from './text-block-fields';
import type { UploadAnswer } from './upload-file';

/** The drag data type of a block being moved; other drags (files, text) are not dropped here. */
const BLOCK_DRAG_TYPE = 'application/x-mirai-block';

export interface BlockCardProps {
  block: Block;
  index: number;
  count: number;
  selected: boolean;
  imageUrl: string | null;
  upload: (form: FormData) => Promise<UploadAnswer>;
  onChange: (block: Block) => void;
  onMove: (from: number, to: number) => void;
  /** A block (by id) was dropped on this one. */
  onDropBlock: (draggedId: string) => void;
  onRemove: () => void;
  onSelect: () => void;
  dragging: number | null;
  onDragStart: (index: number) => void;
  onDragEnd: () => void;
}

function Fields({ block, onChange, imageUrl, upload }: Pick<BlockCardProps, 'block' | 'onChange' | 'imageUrl' | 'upload'>) {
  switch (block.type) {
    case 'heading':
      return <HeadingFields block={block} onChange={onChange} />;
    case 'markdown':
      return (
        <RichTextField id={`${block.id}-markdown`} label="Text" value={block.markdown} onChange={(markdown) => onChange({ ...block, markdown })} />
      );
    case 'callout':
      return <CalloutFields block={block} onChange={onChange} />;
    case 'code':
      return <CodeFields block={block} onChange={onChange} />;
    case 'image':
      return <ImageFields block={block} previewUrl={imageUrl} onChange={onChange} call={upload} />;
    case 'quiz':
      return <QuizFields block={block} onChange={onChange} />;
    case 'flashcards':
      return <FlashcardFields block={block} onChange={onChange} />;
    case 'media':
      return <MediaFields block={block} onChange={onChange} call={upload} />;
    case 'attachment':
      return <AttachmentFields block={block} onChange={onChange} call={upload} />;
    case 'external-tool':
      return <ExternalToolFields block={block} onChange={onChange} />;
  }
}

/** One block in the editor: its fields, and moving (buttons, Alt+↑/↓, drag handle) and removing it. */
export function BlockCard(props: BlockCardProps) {
  const { block, index, count, selected, onMove, onDropBlock, onRemove, onSelect, dragging, onDragStart, onDragEnd } = props;
  const problem = blockProblem(block);
  const label = `${BLOCK_LABELS[block.type]} block ${index + 1}`;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = index + (event.key === 'ArrowUp' ? -1 : 1);
    if (to < 0 || to >= count) return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    onMove(index, to);
    requestAnimationFrame(() => (focused === '' ? undefined : document.getElementById(focused)?.focus()));
  };
  const allowDrop = (event: DragEvent<HTMLElement>) => {
    if (!event.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  };

  return (
    <li
      className={`block-card${selected ? ' is-selected' : ''}${dragging === index ? ' is-dragging' : ''}`}
      data-testid="block-card"
      data-block-type={block.type}
      data-block-id={block.id}
      onFocusCapture={onSelect}
      onKeyDown={onKeyDown}
      onDragOver={allowDrop}
      onDrop={(event) => {
        const draggedId = event.dataTransfer.getData(BLOCK_DRAG_TYPE);
        if (draggedId === '') return;
        event.preventDefault();
        if (draggedId !== block.id) onDropBlock(draggedId);
        onDragEnd();
      }}
    >
      <section aria-label={label}>
        <header className="block-card__toolbar">
          <span
            className="drag-handle"
            draggable
            title="Drag to move"
            aria-hidden="true"
            data-testid="drag-handle"
            onDragStart={(event) => {
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData(BLOCK_DRAG_TYPE, block.id);
              onDragStart(index);
            }}
            onDragEnd={onDragEnd}
          >
            ⠿
          </span>
          <span className="block-card__type">{BLOCK_LABELS[block.type]}</span>
          <span className="icon-buttons">
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${label} up`}
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${label} down`}
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
            >
              ↓
            </button>
            <button type="button" className="icon-button icon-button--danger" aria-label={`Delete ${label}`} onClick={onRemove}>
              ×
            </button>
          </span>
        </header>
        <Fields block={block} onChange={props.onChange} imageUrl={props.imageUrl} upload={props.upload} />
        {problem === null ? null : (
          <p className="field__error" data-testid="block-problem">
            {problem}
          </p>
        )}
      </section>
    </li>
  );
}
