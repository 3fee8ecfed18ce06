import type { CourseDocument, QuizQuestion } from '@mirai/sdk-plugin';

/** For exporter tests: two modules × two lessons with every block type, raw HTML to escape, and one image whose asset is missing. */
export const fixtureCourse: CourseDocument = {
  id: 'course-1',
  title: 'Safe Lifting & Handling: Basics',
  desiredOutcome: 'Learners assess a lift with TILE & choose a <safe> technique.',
  language: 'en-GB',
  modules: [
    {
      id: 'module-1',
      title: 'Understanding risk',
      lessons: [
        {
          id: 'lesson-1',
          title: 'Why lifting hurts',
          objectives: ['Describe how back injuries happen', 'List the TILE factors'],
          blocks: [
            { id: 'b1', type: 'heading', level: 1, text: 'Backs & loads' },
            {
              id: 'b2',
              type: 'markdown',
              markdown: 'Most injuries are **cumulative**. <script>alert("x")</script> See [HSE](https://www.hse.gov.uk).',
            },
            { id: 'b3', type: 'callout', tone: 'warning', markdown: 'Never twist while *carrying*.' },
            { id: 'b4', type: 'image', storageKey: 'tenant/images/spine.png', alt: 'A diagram of the spine', caption: 'The lumbar region' },
            {
              id: 'b5',
              type: 'quiz',
              questions: [
                {
                  id: 'q1',
                  prompt: 'What does the T in TILE stand for?',
                  choices: ['Task', 'Time', 'Tool'],
                  answerIndex: 0,
                  explanation: 'TILE is Task, Individual, Load, Environment.',
                },
                {
                  id: 'q2',
                  prompt: 'Which is riskier: <near> or far from the body?',
                  choices: ['Near', 'Far'],
                  answerIndex: 1,
                  explanation: 'Holding a load away from the body multiplies the strain.',
                },
              ],
            },
          ],
        },
        {
          id: 'lesson-2',
          title: 'Assessing a lift',
          objectives: [],
          blocks: [
            { id: 'b6', type: 'heading', level: 2, text: 'TILE' },
            { id: 'b7', type: 'callout', tone: 'tip', markdown: 'Test the weight by tipping one corner.' },
            {
              id: 'b8',
              type: 'flashcards',
              cards: [
                { id: 'f1', front: 'Task', back: 'Does it involve twisting, stooping or reaching?' },
                { id: 'f2', front: 'Load', back: 'Is it heavy, bulky or <unstable>?' },
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'module-2',
      title: 'Lifting safely',
      lessons: [
        {
          id: 'lesson-3',
          title: 'The safe lift',
          objectives: ['Apply the safe lifting steps'],
          blocks: [
            { id: 'b9', type: 'markdown', markdown: '1. Plan\n2. Grip\n3. Lift with the legs' },
            { id: 'b10', type: 'code', language: 'text', code: 'if (load > 25) { ask("<help>"); }' },
            { id: 'b11', type: 'image', storageKey: 'tenant/images/missing.jpg', alt: 'A worker lifting a box correctly' },
          ],
        },
        {
          id: 'lesson-4',
          title: 'Team lifts',
          objectives: ['Coordinate a team lift'],
          blocks: [
            { id: 'b12', type: 'callout', tone: 'info', markdown: 'Agree on who gives the commands.' },
            {
              id: 'b13',
              type: 'quiz',
              questions: [
                {
                  id: 'q3',
                  prompt: 'Who should call the lift?',
                  choices: ['Everyone', 'One agreed person', 'Nobody'],
                  answerIndex: 1,
                  explanation: 'One voice avoids people lifting at different times.',
                },
              ],
            },
            { id: 'b14', type: 'flashcards', cards: [{ id: 'f3', front: 'Lead', back: 'The person who calls the lift' }] },
          ],
        },
      ],
    },
  ],
};

/** Bytes of a 1×1 PNG, the only asset the fixture's storage holds. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
);

export async function readFixtureAsset(storageKey: string): Promise<Uint8Array | null> {
  return storageKey === 'tenant/images/spine.png' ? PNG_BYTES : null;
}
export {
  DANGEROUS_URLS,
  dangerousUrlAttributes,
  dangerousUrlsInPackage,
  exportedTexts,
  linkPayloadCourse,
  maliciousMarkdown,
} from './link-payloads.ts';
export { type ExportedPackage, exportPackage } from './package-files.ts';

/** One question of every kind, for exporters' tests of interactions and QTI items. */
export const questionKindsQuiz: QuizQuestion[] = [
  { id: 'single', prompt: 'Which lift keeps the load close?', choices: ['Arms out', 'Load hugged'], answerIndex: 1, explanation: 'Close is safer.' },
  {
    id: 'multiple',
    kind: 'multiple',
    prompt: 'Which letters are in TILE?',
    choices: ['T', 'X', 'L', 'E'],
    answerIndices: [0, 2, 3],
    explanation: 'Task, Individual, Load, Environment.',
  },
  { id: 'true-false', kind: 'true-false', prompt: 'Twisting while lifting is safe.', answer: false, explanation: 'Turn with your feet.' },
  {
    id: 'exact',
    kind: 'short-answer',
    prompt: 'What does the E in TILE stand for?',
    match: 'exact',
    answers: ['Environment', 'the environment'],
    caseSensitive: false,
    explanation: 'Environment.',
  },
  {
    id: 'pattern',
    kind: 'short-answer',
    prompt: 'Spell the word for the area around you (either spelling).',
    match: 'pattern',
    answers: ['surroundings?'],
    caseSensitive: true,
    explanation: 'Surroundings.',
  },
  {
    id: 'ordering',
    kind: 'ordering',
    prompt: 'Put the steps of a safe lift in order.',
    items: ['Plan the lift', 'Get a firm grip', 'Lift with the legs', 'Put the load down'],
    explanation: 'Plan, grip, lift, set down.',
  },
  {
    id: 'matching',
    kind: 'matching',
    prompt: 'Match each TILE letter with what it stands for.',
    pairs: [
      { left: 'T', right: 'Task' },
      { left: 'I', right: 'Individual' },
      { left: 'L', right: 'Load' },
    ],
    explanation: 'Task, Individual, Load, Environment.',
  },
];

/** A one-lesson course whose quiz holds `questionKindsQuiz`. */
export const questionKindsCourse: CourseDocument = {
  id: 'question-kinds',
  title: 'Question kinds',
  desiredOutcome: 'Every kind of question exported.',
  language: 'en',
  modules: [
    {
      id: 'module-1',
      title: 'Kinds',
      lessons: [{ id: 'lesson-1', title: 'All kinds', objectives: [], blocks: [{ id: 'quiz', type: 'quiz', questions: questionKindsQuiz }] }],
    },
  ],
};
export { MEDIA_KEYS, MP4_BYTES, mediaCourse, PDF_BYTES, readMediaAsset, VTT_TEXT } from './media-course.ts';
