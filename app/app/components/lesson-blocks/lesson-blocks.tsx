import { safeUrl } from '@mirai/url-policy';
import { AttachmentBlockView } from './attachment-block';
import { ExternalToolBlockView } from './external-tool-block';
import { FlashcardsBlockView } from './flashcards-block';
import { Markdown } from './markdown';
import { MediaBlockView } from './media-block';
import { QuizBlockView } from './quiz-block';
import type { LessonBlock, QuizGrading, ToolLaunching } from './types';

export interface LessonBlocksProps {
  /** The lesson's blocks, in order. */
  blocks: readonly LessonBlock[];
  /** Level of the heading above the blocks (the lesson title); block headings start one below. Default 1. */
  titleLevel?: number;
  /** Learner mode: how quizzes are checked on the server. Omit in author preview (graded locally). */
  quizGrading?: QuizGrading;
  /** Address of a stored file (image, recording, captions, attachment) for blocks without a `url` (author preview resolves uploads itself); null shows the alt text or title. */
  imageUrl?: (storageKey: string) => string | null;
  /** Learner mode: launching external tools. Omit in author preview (the block shows what learners launch). */
  toolLaunching?: ToolLaunching;
}

const noFile = () => null;

const TONE_LABEL = { info: 'Note', tip: 'Tip', warning: 'Warning' } as const;

/**
 * Renders a lesson exactly as learners see it. Purely prop-driven (no data fetching), so the
 * lesson player and the editor's preview share it. Styles: app/styles/learning.css (`lb-` classes).
 */
export function LessonBlocks({ blocks, titleLevel = 1, quizGrading, imageUrl, toolLaunching }: LessonBlocksProps) {
  if (blocks.length === 0) return <p className="empty">This lesson has no content yet.</p>;
  // A lesson whose top heading is level 2 would otherwise skip a level under the lesson title,
  // which screen-reader users navigating by heading meet as a gap.
  const topLevel = Math.min(3, ...blocks.map((block) => (block.type === 'heading' ? block.level : 3)));
  const headingBase = titleLevel - (topLevel - 1);
  return (
    <div className="lesson-blocks">
      {blocks.map((block) => (
        <div key={block.id} className={`lb lb--${block.type}`}>
          <Block
            block={block}
            titleLevel={block.type === 'heading' ? headingBase : titleLevel}
            quizGrading={quizGrading}
            imageUrl={imageUrl}
            toolLaunching={toolLaunching}
          />
        </div>
      ))}
    </div>
  );
}

function Block({
  block,
  titleLevel,
  quizGrading,
  imageUrl,
  toolLaunching,
}: Omit<LessonBlocksProps, 'blocks'> & { block: LessonBlock; titleLevel: number }) {
  switch (block.type) {
    case 'heading': {
      const Tag = `h${Math.min(titleLevel + block.level, 6)}` as 'h2';
      return <Tag className="lb-heading">{block.text}</Tag>;
    }
    case 'markdown':
      return <Markdown source={block.markdown} headingOffset={titleLevel} />;
    case 'callout':
      return (
        <aside className={`lb-callout lb-callout--${block.tone}`} aria-label={TONE_LABEL[block.tone]}>
          <p className="lb-callout__label">{TONE_LABEL[block.tone]}</p>
          <Markdown source={block.markdown} headingOffset={titleLevel + 1} />
        </aside>
      );
    case 'code':
      return (
        <figure className="lb-code">
          <figcaption className="lb-code__language">{block.language === '' || block.language === 'text' ? 'Code' : block.language}</figcaption>
          <pre>
            <code>{block.code}</code>
          </pre>
        </figure>
      );
    case 'image': {
      // The API's download address goes through the same URL policy as every link.
      const address = block.url ?? imageUrl?.(block.storageKey) ?? null;
      const src = address === null ? null : safeUrl(address);
      return (
        <figure className="lb-image">
          {src === null ? (
            <div className="lb-image__missing" role="img" aria-label={block.alt}>
              Image unavailable: {block.alt}
            </div>
          ) : (
            <img src={src} alt={block.alt} loading="lazy" />
          )}
          {block.caption === undefined || block.caption === '' ? null : <figcaption>{block.caption}</figcaption>}
        </figure>
      );
    }
    case 'quiz':
      return <QuizBlockView block={block} grading={quizGrading} />;
    case 'flashcards':
      return <FlashcardsBlockView block={block} />;
    case 'media':
      return <MediaBlockView block={block} fileUrl={imageUrl ?? noFile} />;
    case 'attachment':
      return <AttachmentBlockView block={block} fileUrl={imageUrl ?? noFile} />;
    case 'external-tool':
      return <ExternalToolBlockView block={block} launching={toolLaunching} />;
  }
}
