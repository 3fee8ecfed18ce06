import { assign, fromPromise, setup } from 'xstate';
import { type OutlineDraft, outlineEdits } from './outline-draft';

export interface CourseDetails {
  title: string;
  desiredOutcome: string;
  language: string;
}

export type WizardStep = 'details' | 'smes' | 'audiences' | 'outline' | 'review';

/** Every state is tagged with the step it belongs to (`stepOf`), so renaming a state cannot move it to another step. */
const STEP_TAGS: ReadonlyArray<WizardStep | 'lessons'> = ['details', 'smes', 'audiences', 'outline', 'review', 'lessons'];

/** Where the author resumes, derived from the server by the route's loader (see wizard-resume.ts). */
export interface WizardInput {
  step: WizardStep;
  courseId: string | null;
  details: CourseDetails;
  smeIds: string[];
  audienceIds: string[];
  outline: OutlineDraft;
}

export interface OutlineSize {
  modules: number;
  lessonsPerModule: number;
}

export interface WizardContext extends WizardInput {
  outlineSize: OutlineSize;
  outlineJobId: string | null;
  lessonsJobId: string | null;
  outlineProgress: { percent: number; message: string | null };
  /** Who drafted the outline, when known: the review step says so when no model did. */
  outlineWriter: { label: string; withoutModel: boolean } | null;
  /** The pending create form, kept so a retry resends exactly what the author entered. */
  pendingSme: FormData | null;
  pendingAudience: FormData | null;
  error: string | null;
}

/** What every network call of the wizard resolves to; a rejection carries the message to show. */
export interface WizardServices {
  saveDetails: { input: { courseId: string | null; details: CourseDetails }; output: { courseId: string } };
  saveSmes: { input: { courseId: string; smeIds: string[] }; output: undefined };
  createSme: { input: { form: FormData; courseId: string | null; chosen: string[] }; output: { smeId: string } };
  saveAudiences: { input: { courseId: string; audienceIds: string[] }; output: undefined };
  createAudience: { input: { form: FormData; courseId: string | null; chosen: string[] }; output: { audienceId: string } };
  startOutline: { input: { courseId: string; size: OutlineSize }; output: { jobId: string } };
  saveOutline: { input: { courseId: string; outline: OutlineDraft }; output: { outline: OutlineDraft } };
  startLessons: { input: { courseId: string }; output: { jobId: string } };
}

type OutlineEdit =
  | { type: 'RENAME_MODULE'; moduleKey: string; title: string }
  | { type: 'RENAME_LESSON'; lessonKey: string; title: string }
  | { type: 'MOVE_MODULE'; moduleKey: string; by: -1 | 1 }
  | { type: 'MOVE_LESSON'; lessonKey: string; by: -1 | 1 }
  | { type: 'ADD_MODULE' }
  | { type: 'ADD_LESSON'; moduleKey: string }
  | { type: 'REMOVE_MODULE'; moduleKey: string }
  | { type: 'REMOVE_LESSON'; lessonKey: string };

export type WizardEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'RETRY' }
  | { type: 'DISMISS' }
  | { type: 'EDIT_DETAILS'; details: Partial<CourseDetails> }
  | { type: 'TOGGLE_SME'; smeId: string }
  | { type: 'CREATE_SME'; form: FormData }
  | { type: 'TOGGLE_AUDIENCE'; audienceId: string }
  | { type: 'CREATE_AUDIENCE'; form: FormData }
  | { type: 'SET_OUTLINE_SIZE'; size: Partial<OutlineSize> }
  | { type: 'OUTLINE_JOB_ACTIVE'; jobId: string }
  | { type: 'OUTLINE_PROGRESS'; percent: number; message: string | null }
  | { type: 'OUTLINE_READY'; outline: OutlineDraft; writer?: { label: string; withoutModel: boolean } }
  | { type: 'OUTLINE_FAILED'; error: string }
  | { type: 'REGENERATE_OUTLINE' }
  | OutlineEdit;

const message = (error: unknown) => (error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong.');
const notImplemented = (name: string) => () => Promise.reject(new Error(`${name} is not provided`));
const toggle = (ids: string[], id: string) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
const requireCourse = (courseId: string | null) => {
  if (courseId === null) throw new Error('The course has not been saved yet.');
  return courseId;
};

/**
 * The course-creation wizard: which step the author is on, what they entered, and an explicit
 * failure state with a retry for every network call. Calls are actors the route provides (they
 * go through Remix actions with fetchers); live outline events come in as OUTLINE_* events.
 */
export const courseWizardMachine = setup({
  types: { context: {} as WizardContext, events: {} as WizardEvent, input: {} as WizardInput },
  actors: {
    saveDetails: fromPromise<WizardServices['saveDetails']['output'], WizardServices['saveDetails']['input']>(notImplemented('saveDetails')),
    saveSmes: fromPromise<WizardServices['saveSmes']['output'], WizardServices['saveSmes']['input']>(notImplemented('saveSmes')),
    createSme: fromPromise<WizardServices['createSme']['output'], WizardServices['createSme']['input']>(notImplemented('createSme')),
    saveAudiences: fromPromise<WizardServices['saveAudiences']['output'], WizardServices['saveAudiences']['input']>(notImplemented('saveAudiences')),
    createAudience: fromPromise<WizardServices['createAudience']['output'], WizardServices['createAudience']['input']>(
      notImplemented('createAudience'),
    ),
    startOutline: fromPromise<WizardServices['startOutline']['output'], WizardServices['startOutline']['input']>(notImplemented('startOutline')),
    saveOutline: fromPromise<WizardServices['saveOutline']['output'], WizardServices['saveOutline']['input']>(notImplemented('saveOutline')),
    startLessons: fromPromise<WizardServices['startLessons']['output'], WizardServices['startLessons']['input']>(notImplemented('startLessons')),
  },
  actions: {
    rememberError: assign({ error: ({ event }) => message((event as { error?: unknown }).error) }),
    clearError: assign({ error: null }),
  },
  guards: {
    detailsComplete: ({ context }) => context.details.title.trim() !== '',
    hasSmes: ({ context }) => context.smeIds.length > 0,
    hasAudiences: ({ context }) => context.audienceIds.length > 0,
  },
}).createMachine({
  id: 'courseWizard',
  context: ({ input }) => ({
    ...input,
    outlineSize: { modules: 3, lessonsPerModule: 3 },
    outlineJobId: null,
    lessonsJobId: null,
    outlineProgress: { percent: 0, message: null },
    outlineWriter: null,
    pendingSme: null,
    pendingAudience: null,
    error: null,
  }),
  initial: 'resuming',
  states: {
    resuming: {
      tags: ['details'],
      always: [
        { guard: ({ context }) => context.step === 'smes', target: 'smes' },
        { guard: ({ context }) => context.step === 'audiences', target: 'audiences' },
        { guard: ({ context }) => context.step === 'outline', target: 'startingOutline' },
        { guard: ({ context }) => context.step === 'review', target: 'review' },
        { target: 'details' },
      ],
    },
    details: {
      tags: ['details'],
      on: {
        EDIT_DETAILS: { actions: assign({ details: ({ context, event }) => ({ ...context.details, ...event.details }) }) },
        NEXT: { guard: 'detailsComplete', target: 'savingDetails' },
        OUTLINE_JOB_ACTIVE: { target: 'generatingOutline', actions: assign({ outlineJobId: ({ event }) => event.jobId }) },
      },
    },
    savingDetails: {
      tags: ['details'],
      entry: 'clearError',
      invoke: {
        src: 'saveDetails',
        input: ({ context }) => ({ courseId: context.courseId, details: context.details }),
        onDone: { target: 'smes', actions: assign({ courseId: ({ event }) => event.output.courseId }) },
        onError: { target: 'detailsFailed', actions: 'rememberError' },
      },
    },
    detailsFailed: { tags: ['details'], on: { RETRY: 'savingDetails', BACK: 'details' } },

    smes: {
      tags: ['smes'],
      on: {
        TOGGLE_SME: { actions: assign({ smeIds: ({ context, event }) => toggle(context.smeIds, event.smeId) }) },
        CREATE_SME: { target: 'creatingSme', actions: assign({ pendingSme: ({ event }) => event.form }) },
        NEXT: { guard: 'hasSmes', target: 'savingSmes' },
        BACK: 'details',
        OUTLINE_JOB_ACTIVE: { target: 'generatingOutline', actions: assign({ outlineJobId: ({ event }) => event.jobId }) },
      },
    },
    creatingSme: {
      tags: ['smes'],
      entry: 'clearError',
      invoke: {
        src: 'createSme',
        input: ({ context }) => ({ form: context.pendingSme ?? new FormData(), courseId: context.courseId, chosen: context.smeIds }),
        onDone: {
          target: 'smes',
          actions: assign({ smeIds: ({ context, event }) => [...context.smeIds, event.output.smeId], pendingSme: null }),
        },
        onError: { target: 'createSmeFailed', actions: 'rememberError' },
      },
    },
    createSmeFailed: { tags: ['smes'], on: { RETRY: 'creatingSme', DISMISS: { target: 'smes', actions: assign({ pendingSme: null }) } } },
    savingSmes: {
      tags: ['smes'],
      entry: 'clearError',
      invoke: {
        src: 'saveSmes',
        input: ({ context }) => ({ courseId: requireCourse(context.courseId), smeIds: context.smeIds }),
        onDone: 'audiences',
        onError: { target: 'saveSmesFailed', actions: 'rememberError' },
      },
    },
    saveSmesFailed: { tags: ['smes'], on: { RETRY: 'savingSmes', BACK: 'smes' } },

    audiences: {
      tags: ['audiences'],
      on: {
        TOGGLE_AUDIENCE: { actions: assign({ audienceIds: ({ context, event }) => toggle(context.audienceIds, event.audienceId) }) },
        CREATE_AUDIENCE: { target: 'creatingAudience', actions: assign({ pendingAudience: ({ event }) => event.form }) },
        SET_OUTLINE_SIZE: { actions: assign({ outlineSize: ({ context, event }) => ({ ...context.outlineSize, ...event.size }) }) },
        NEXT: { guard: 'hasAudiences', target: 'savingAudiences' },
        BACK: 'smes',
        OUTLINE_JOB_ACTIVE: { target: 'generatingOutline', actions: assign({ outlineJobId: ({ event }) => event.jobId }) },
      },
    },
    creatingAudience: {
      tags: ['audiences'],
      entry: 'clearError',
      invoke: {
        src: 'createAudience',
        input: ({ context }) => ({ form: context.pendingAudience ?? new FormData(), courseId: context.courseId, chosen: context.audienceIds }),
        onDone: {
          target: 'audiences',
          actions: assign({ audienceIds: ({ context, event }) => [...context.audienceIds, event.output.audienceId], pendingAudience: null }),
        },
        onError: { target: 'createAudienceFailed', actions: 'rememberError' },
      },
    },
    createAudienceFailed: {
      tags: ['audiences'],
      on: { RETRY: 'creatingAudience', DISMISS: { target: 'audiences', actions: assign({ pendingAudience: null }) } },
    },
    savingAudiences: {
      tags: ['audiences'],
      entry: 'clearError',
      invoke: {
        src: 'saveAudiences',
        input: ({ context }) => ({ courseId: requireCourse(context.courseId), audienceIds: context.audienceIds }),
        onDone: 'startingOutline',
        onError: { target: 'saveAudiencesFailed', actions: 'rememberError' },
      },
    },
    saveAudiencesFailed: { tags: ['audiences'], on: { RETRY: 'savingAudiences', BACK: 'audiences' } },

    startingOutline: {
      tags: ['outline'],
      entry: ['clearError', assign({ outlineProgress: { percent: 0, message: null } })],
      invoke: {
        src: 'startOutline',
        input: ({ context }) => ({ courseId: requireCourse(context.courseId), size: context.outlineSize }),
        onDone: { target: 'generatingOutline', actions: assign({ outlineJobId: ({ event }) => event.output.jobId }) },
        onError: { target: 'startOutlineFailed', actions: 'rememberError' },
      },
    },
    startOutlineFailed: { tags: ['outline'], on: { RETRY: 'startingOutline', BACK: 'audiences' } },
    generatingOutline: {
      tags: ['outline'],
      on: {
        OUTLINE_PROGRESS: { actions: assign({ outlineProgress: ({ event }) => ({ percent: event.percent, message: event.message }) }) },
        OUTLINE_READY: {
          target: 'review',
          actions: assign({ outline: ({ event }) => event.outline, outlineWriter: ({ event }) => event.writer ?? null }),
        },
        OUTLINE_FAILED: { target: 'outlineFailed', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    outlineFailed: { tags: ['outline'], on: { RETRY: 'startingOutline', BACK: 'audiences' } },

    review: {
      tags: ['review'],
      entry: 'clearError',
      on: {
        RENAME_MODULE: {
          actions: assign({ outline: ({ context, event }) => outlineEdits.renameModule(context.outline, event.moduleKey, event.title) }),
        },
        RENAME_LESSON: {
          actions: assign({ outline: ({ context, event }) => outlineEdits.renameLesson(context.outline, event.lessonKey, event.title) }),
        },
        MOVE_MODULE: { actions: assign({ outline: ({ context, event }) => outlineEdits.moveModule(context.outline, event.moduleKey, event.by) }) },
        MOVE_LESSON: { actions: assign({ outline: ({ context, event }) => outlineEdits.moveLesson(context.outline, event.lessonKey, event.by) }) },
        ADD_MODULE: { actions: assign({ outline: ({ context }) => outlineEdits.addModule(context.outline) }) },
        ADD_LESSON: { actions: assign({ outline: ({ context, event }) => outlineEdits.addLesson(context.outline, event.moduleKey) }) },
        REMOVE_MODULE: { actions: assign({ outline: ({ context, event }) => outlineEdits.removeModule(context.outline, event.moduleKey) }) },
        REMOVE_LESSON: { actions: assign({ outline: ({ context, event }) => outlineEdits.removeLesson(context.outline, event.lessonKey) }) },
        REGENERATE_OUTLINE: 'startingOutline',
        OUTLINE_JOB_ACTIVE: { target: 'generatingOutline', actions: assign({ outlineJobId: ({ event }) => event.jobId }) },
        NEXT: 'savingOutline',
        BACK: 'audiences',
      },
    },
    savingOutline: {
      tags: ['review'],
      invoke: {
        src: 'saveOutline',
        input: ({ context }) => ({ courseId: requireCourse(context.courseId), outline: context.outline }),
        onDone: { target: 'startingLessons', actions: assign({ outline: ({ event }) => event.output.outline }) },
        onError: { target: 'saveOutlineFailed', actions: 'rememberError' },
      },
    },
    saveOutlineFailed: { tags: ['review'], on: { RETRY: 'savingOutline', BACK: 'review' } },
    startingLessons: {
      tags: ['lessons'],
      entry: 'clearError',
      invoke: {
        src: 'startLessons',
        input: ({ context }) => ({ courseId: requireCourse(context.courseId) }),
        onDone: { target: 'lessonsStarted', actions: assign({ lessonsJobId: ({ event }) => event.output.jobId }) },
        onError: { target: 'startLessonsFailed', actions: 'rememberError' },
      },
    },
    startLessonsFailed: { tags: ['lessons'], on: { RETRY: 'startingLessons', BACK: 'review' } },
    lessonsStarted: { tags: ['lessons'], type: 'final' },
  },
});

/** The step a state belongs to, for the progress indicator and headings: the state's tag. */
export function stepOf(state: string): WizardStep | 'lessons' {
  const tags: readonly string[] = courseWizardMachine.states[state]?.tags ?? [];
  return STEP_TAGS.find((step) => tags.includes(step)) ?? 'lessons';
}
