import type { AssetCollector } from '@mirai/export-kit';
import { type Block, blockStorageKeys } from '@mirai/sdk-plugin';
import { renderLessonContent } from './sco-page.ts';
import type { PlannedLesson } from './sco-plan.ts';

export interface SharedAssets {
  /** Reads each image once for the whole package and adds it to the zip the first time any SCO uses it. */
  readonly collector: AssetCollector;
  warn(message: string): void;
}

/** The stored files of media and attachment blocks (images have their own warning, naming the alt text). */
const otherFileKeys = (block: Block): string[] => (block.type === 'image' ? [] : blockStorageKeys(block));

/** Renders the lessons of one SCO and lists the images its page loads. */
export class ScoBuilder {
  /** Package files this SCO's page references (besides the shared player). */
  readonly files = new Set<string>();
  readonly #assets: SharedAssets;
  readonly #wholeCourse: boolean;
  #nextId = 0;

  constructor(assets: SharedAssets, wholeCourse: boolean) {
    this.#assets = assets;
    this.#wholeCourse = wholeCourse;
  }

  async lessonHtml(entry: PlannedLesson): Promise<string> {
    const paths = await this.#assets.collector.collect(entry.lesson.blocks);
    for (const storageKey of entry.lesson.blocks.flatMap(otherFileKeys)) {
      const path = paths.get(storageKey);
      if (typeof path === 'string') this.files.add(path);
      else this.#assets.warn(`Warning: a media file or attachment in lesson "${entry.lesson.title}" is missing (${storageKey}); it is left out`);
    }
    for (const block of entry.lesson.blocks) {
      if (block.type !== 'image') continue;
      const path = paths.get(block.storageKey);
      if (typeof path === 'string') {
        this.files.add(path);
      } else {
        this.#assets.warn(
          `Warning: image "${block.alt}" in lesson "${entry.lesson.title}" is missing (${block.storageKey}); its alt text is shown instead`,
        );
      }
    }
    return renderLessonContent(
      entry.lesson,
      {
        headingOffset: this.#wholeCourse ? 3 : 1,
        nextId: () => ++this.#nextId,
        imageSrc: (storageKey) => {
          const path = paths.get(storageKey);
          return typeof path === 'string' ? `../${path}` : null;
        },
      },
      this.#wholeCourse ? 3 : undefined,
    );
  }
}
