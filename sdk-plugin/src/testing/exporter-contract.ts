import type { CourseDocument } from '../extension-points/course-document.ts';
import type { Exporter, ExportOptions, ExportProgress } from '../extension-points/exporter.ts';
import type { TenantContext } from '../extension-points/tenant-context.ts';
import type { ContractTestApi } from './storage-contract.ts';

export interface ExporterContractSubject {
  exporter: Exporter;
  /** A tenant whose configuration makes the exporter work, carrying `signal` when given. */
  tenant(signal?: AbortSignal): TenantContext;
  teardown(): Promise<void>;
}

/** A small course with every block type, an image whose asset exists and one whose asset is missing. */
export const CONTRACT_COURSE: CourseDocument = {
  id: 'course-contract',
  title: 'Ladder Safety: the basics',
  desiredOutcome: 'Use ladders safely',
  language: 'en',
  modules: [
    {
      id: 'm1',
      title: 'Setting up',
      lessons: [
        {
          id: 'l1',
          title: 'Angle and footing',
          objectives: ['Set a ladder at 75 degrees'],
          blocks: [
            { id: 'b1', type: 'heading', level: 2, text: 'The angle' },
            { id: 'b2', type: 'markdown', markdown: 'Set a leaning ladder at **75 degrees**.' },
            { id: 'b3', type: 'callout', tone: 'warning', markdown: 'Never stand on the top three rungs.' },
            { id: 'b4', type: 'image', storageKey: 'assets/ladder.png', alt: 'A ladder at 75 degrees' },
            { id: 'b5', type: 'image', storageKey: 'assets/missing.png', alt: 'Missing' },
          ],
        },
      ],
    },
    {
      id: 'm2',
      title: 'Climbing',
      lessons: [
        {
          id: 'l2',
          title: 'Three points of contact',
          objectives: ['Keep three points of contact'],
          blocks: [
            { id: 'b6', type: 'code', language: 'text', code: 'hands: 2, feet: 1' },
            {
              id: 'b7',
              type: 'quiz',
              questions: [
                { id: 'q1', prompt: 'How many points of contact?', choices: ['Two', 'Three'], answerIndex: 1, explanation: 'Always three.' },
              ],
            },
            { id: 'b8', type: 'flashcards', cards: [{ id: 'f1', front: 'Angle', back: '75 degrees' }] },
          ],
        },
      ],
    },
  ],
};

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function options(progress: ExportProgress[], signal?: AbortSignal): ExportOptions {
  return {
    settings: {},
    readAsset: async (key) => (key === 'assets/ladder.png' ? PNG : null),
    onProgress: (event) => progress.push(event),
    ...(signal === undefined ? {} : { signal }),
  };
}

/**
 * The behaviour every exporter promises the host (see `Exporter`). Register it inside a test file:
 * `exporterContract({ describe, it, expect, beforeAll, afterAll }, 'export-html', setup)`.
 */
export function exporterContract(api: ContractTestApi, name: string, setup: () => Promise<ExporterContractSubject>): void {
  const { describe, it, expect, beforeAll, afterAll } = api;
  describe(`Exporter contract: ${name}`, () => {
    let subject: ExporterContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });

    it('describes itself: a format id, a label, a media type', async () => {
      const { format, label, mediaType } = subject.exporter;
      expect(/^[a-z0-9][a-z0-9-]*$/.test(format)).toBe(true);
      expect(label.trim().length > 0).toBe(true);
      expect(/^[a-z]+\/[a-z0-9.+-]+$/i.test(mediaType)).toBe(true);
    });

    it('names the download with a plain file name', async () => {
      const fileName = await subject.exporter.fileName(CONTRACT_COURSE);
      expect(fileName.length > 0 && !/[/\\]/.test(fileName) && !fileName.startsWith('.')).toBe(true);
    });

    it('streams non-empty bytes, reports progress within 0..100 and ends at 100', async () => {
      const progress: ExportProgress[] = [];
      const chunks = await collect(subject.exporter.export(CONTRACT_COURSE, options(progress), subject.tenant()));
      expect(chunks.every((chunk) => chunk instanceof Uint8Array)).toBe(true);
      expect(chunks.reduce((size, chunk) => size + chunk.byteLength, 0) > 0).toBe(true);
      expect(progress.every((event) => event.percent >= 0 && event.percent <= 100)).toBe(true);
      if (progress.length > 0) expect(progress.at(-1)?.percent).toBe(100);
    });

    it('exports the same course to the same bytes', async () => {
      const join = (chunks: Uint8Array[]) => chunks.map((chunk) => Array.from(chunk).join(',')).join(';');
      const first = await collect(subject.exporter.export(CONTRACT_COURSE, options([]), subject.tenant()));
      const second = await collect(subject.exporter.export(CONTRACT_COURSE, options([]), subject.tenant()));
      expect(join(first) === join(second)).toBe(true);
    });

    it('rejects an export started with an already aborted signal', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled by the contract'));
      let failed = false;
      try {
        await collect(subject.exporter.export(CONTRACT_COURSE, options([], controller.signal), subject.tenant(controller.signal)));
      } catch {
        failed = true;
      }
      expect(failed).toBe(true);
    });
  });
}
