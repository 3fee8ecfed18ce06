import type { CourseDocument, ExportOptions } from '@mirai/sdk-plugin';

/** A 1×1 PNG. */
export const TINY_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (character) => character.charCodeAt(0),
);

export const PRESENT_IMAGE = 'tenant-1/uploads/data-pipeline.png';
export const MISSING_IMAGE = 'tenant-1/uploads/deleted-diagram.png';
export const SAMPLE_VIDEO = 'tenant-1/uploads/backup.mp4';
export const SAMPLE_CAPTIONS = 'tenant-1/uploads/backup.vtt';
export const SAMPLE_ATTACHMENT = 'tenant-1/uploads/backup-checklist.pdf';

/** Answers to the first lesson's quiz: the index of the right choice per question. */
export const FIRST_QUIZ_ANSWERS = [1, 0, 2, 1, 3];

/**
 * Two modules × two lessons with every block type, authored text that is unsafe as HTML or
 * XML, an image whose asset exists (used twice) and one whose asset is missing.
 */
export const sampleCourse: CourseDocument = {
  id: 'course-3f1c',
  title: 'Data & <Safety> 101',
  desiredOutcome: 'Learners can store and query data safely.',
  language: 'en',
  modules: [
    {
      id: 'm1',
      title: 'Foundations',
      lessons: [
        {
          id: 'l1',
          title: 'What is data?',
          objectives: ['Tell data from information', 'Name three kinds of data'],
          blocks: [
            { id: 'b1', type: 'heading', level: 1, text: 'Data <everywhere>' },
            {
              id: 'b2',
              type: 'markdown',
              markdown: [
                'Data is **recorded facts**; see [the glossary](https://example.org/glossary).',
                '',
                '<script>window.pwned = true</script>',
                '',
                '[Click me](javascript:alert(1)) and ![a remote chart](https://example.org/chart.png)',
                '',
                '- rows',
                '- columns',
              ].join('\n'),
            },
            { id: 'b3', type: 'callout', tone: 'tip', markdown: 'Keep raw data **unchanged**.' },
            { id: 'b4', type: 'code', language: 'sql', code: 'SELECT * FROM t WHERE a < 3 AND b > 1; -- </code>' },
            { id: 'b5', type: 'image', storageKey: PRESENT_IMAGE, alt: 'A data pipeline', caption: 'From source to report' },
            {
              id: 'b6',
              type: 'quiz',
              questions: [
                {
                  id: 'q1',
                  prompt: 'Which is data?',
                  choices: ['An opinion', 'A temperature reading', 'A rumour'],
                  answerIndex: 1,
                  explanation: 'A reading is a recorded fact.',
                },
                { id: 'q2', kind: 'true-false', prompt: '"42" on its own is data.', answer: true, explanation: 'A number on its own is data.' },
                {
                  id: 'q3',
                  kind: 'multiple',
                  prompt: 'Which are <structured>?',
                  choices: ['A photo', 'A spreadsheet', 'A table'],
                  answerIndices: [1, 2],
                  explanation: 'Tables have rows & columns.',
                },
                {
                  id: 'q4',
                  prompt: 'Information is…',
                  choices: ['Raw data', 'Data with context', 'Noise'],
                  answerIndex: 1,
                  explanation: 'Context turns data into information.',
                },
                {
                  id: 'q5',
                  kind: 'short-answer',
                  prompt: 'Name the unit of a table',
                  match: 'exact',
                  answers: ['Row', 'a row'],
                  caseSensitive: false,
                  explanation: 'Tables are made of rows.',
                },
              ],
            },
            {
              id: 'b7',
              type: 'flashcards',
              cards: [
                { id: 'f1', front: 'Datum', back: 'A single recorded fact' },
                { id: 'f2', front: 'Dataset', back: 'A collection of related data' },
              ],
            },
          ],
        },
        {
          id: 'l2',
          title: 'Storing data\u0001',
          objectives: [],
          blocks: [
            { id: 'b8', type: 'markdown', markdown: '# Files and databases\n\nBoth store data.' },
            { id: 'b9', type: 'image', storageKey: MISSING_IMAGE, alt: 'A diagram of a database' },
            { id: 'b10', type: 'callout', tone: 'warning', markdown: 'Back up before you migrate.' },
            {
              id: 'b10v',
              type: 'media',
              kind: 'video',
              title: 'A backup, filmed',
              source: { from: 'upload', storageKey: SAMPLE_VIDEO },
              captions: { storageKey: SAMPLE_CAPTIONS, language: 'en', label: 'English' },
              transcript: 'Copy the files first.',
            },
            {
              id: 'b10e',
              type: 'media',
              kind: 'video',
              title: 'Backups explained',
              source: { from: 'embed', provider: 'vimeo', videoId: '76979871' },
              transcript: '',
            },
            { id: 'b10a', type: 'attachment', storageKey: SAMPLE_ATTACHMENT, fileName: 'backup-checklist.pdf' },
          ],
        },
      ],
    },
    {
      id: 'm2',
      title: 'Practice',
      lessons: [
        {
          id: 'l3',
          title: 'Querying',
          objectives: ['Write a SELECT'],
          blocks: [
            { id: 'b11', type: 'code', language: 'sql', code: 'SELECT name FROM users;' },
            { id: 'b12', type: 'image', storageKey: PRESENT_IMAGE, alt: 'The same pipeline' },
            {
              id: 'b13',
              type: 'quiz',
              questions: [
                { id: 'q6', prompt: 'SELECT reads or writes?', choices: ['Reads', 'Writes'], answerIndex: 0, explanation: 'SELECT only reads.' },
                { id: 'q7', prompt: 'Which clause filters rows?', choices: ['ORDER BY', 'WHERE'], answerIndex: 1, explanation: 'WHERE filters.' },
                {
                  id: 'q8',
                  kind: 'ordering',
                  prompt: 'Put the clauses in the order a query writes them.',
                  items: ['SELECT', 'FROM', 'WHERE', 'ORDER BY'],
                  explanation: 'SELECT … FROM … WHERE … ORDER BY.',
                },
                {
                  id: 'q9',
                  kind: 'matching',
                  prompt: 'Match each clause with what it does.',
                  pairs: [
                    { left: 'SELECT', right: 'Picks columns' },
                    { left: 'WHERE', right: 'Filters rows' },
                    { left: 'ORDER BY', right: 'Sorts rows' },
                  ],
                  explanation: 'Columns, filter, sort.',
                },
              ],
            },
          ],
        },
        {
          id: 'l4',
          title: 'Review',
          objectives: [],
          blocks: [
            { id: 'b14', type: 'heading', level: 2, text: 'Key terms' },
            { id: 'b15', type: 'flashcards', cards: [{ id: 'f3', front: 'SELECT', back: 'Reads rows' }] },
          ],
        },
      ],
    },
  ],
};

/** Serves the sample course's assets: the pipeline image and the media files exist, the diagram does not. */
/** The start of an MP4 file (an `ftyp` box), the captions of the sample video and a tiny PDF. */
export const SAMPLE_MEDIA: Record<string, Uint8Array> = {
  [SAMPLE_VIDEO]: Uint8Array.from([0, 0, 0, 16, ...new TextEncoder().encode('ftypisom'), 0, 0, 2, 0]),
  [SAMPLE_CAPTIONS]: new TextEncoder().encode('WEBVTT\n\n00:00.000 --> 00:02.000\nCopy the files first.\n'),
  [SAMPLE_ATTACHMENT]: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
};

export async function readSampleAsset(storageKey: string): Promise<Uint8Array | null> {
  return storageKey === PRESENT_IMAGE ? TINY_PNG : (SAMPLE_MEDIA[storageKey] ?? null);
}

export function sampleOptions(settings: ExportOptions['settings'] = {}, extra: Partial<ExportOptions> = {}): ExportOptions {
  return { settings, readAsset: readSampleAsset, ...extra };
}
