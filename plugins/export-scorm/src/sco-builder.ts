import type { Block, ExportOptions } from '@mirai/sdk-plugin';
import { assetPath } from './assets.ts';
import { renderLessonContent } from './sco-page.ts';
import type { PlannedLesson } from './sco-plan.ts';
import type { ZipWriter } from './zip-writer.ts';

type ImageBlock = Extract<Block, { type: 'image' }>;

const STORED_MEDIA = /\.(png|jpg|gif|webp|avif)$/;

export interface SharedAssets {
  /** Package path of each storage key already read, or null when the asset is missing. */
  readonly paths: Map<string, string | null>;
  readonly zip: ZipWriter;
  readonly options: Pick<ExportOptions, 'readAsset' | 'signal'>;
  warn(message: string): void;
}

/** Renders the lessons of one SCO, adding each image to the package the first time any SCO uses it. */
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
    for (const block of entry.lesson.blocks) {
      if (block.type === 'image') await this.#resolve(block, entry);
    }
    return renderLessonContent(
      entry.lesson,
      {
        headingOffset: this.#wholeCourse ? 3 : 1,
        nextId: () => ++this.#nextId,
        imageSrc: (storageKey) => {
          const path = this.#assets.paths.get(storageKey);
          return typeof path === 'string' ? `../${path}` : null;
        },
      },
      this.#wholeCourse ? 3 : undefined,
    );
  }

  async #resolve(image: ImageBlock, entry: PlannedLesson): Promise<void> {
    const { paths, zip, options } = this.#assets;
    if (!paths.has(image.storageKey)) {
      const bytes = await options.readAsset(image.storageKey);
      if (bytes === null) {
        paths.set(image.storageKey, null);
      } else {
        const path = assetPath(image.storageKey, bytes, paths.size + 1);
        options.signal?.throwIfAborted();
        zip.add(path, bytes, { compress: !STORED_MEDIA.test(path) });
        paths.set(image.storageKey, path);
      }
    }
    const path = paths.get(image.storageKey);
    if (typeof path === 'string') {
      this.files.add(path);
    } else {
      this.#assets.warn(
        `Warning: image "${image.alt}" in lesson "${entry.lesson.title}" is missing (${image.storageKey}); its alt text is shown instead`,
      );
    }
  }
}
