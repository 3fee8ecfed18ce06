import type { StreamMessage } from '../../lib/ws-course-stream';

export interface LessonSource {
  id: string;
  smeName: string;
  documentTitle: string;
  excerpt: string;
}

export type LessonPhase = 'pending' | 'writing' | 'ready' | 'failed';

export interface LessonProgress {
  id: string;
  title: string;
  phase: LessonPhase;
  /** The lesson body as it streams in (lesson.delta), kept after completion for the live view. */
  text: string;
  sources: LessonSource[];
}

export interface GenerationState {
  modules: Array<{ id: string; title: string; lessonIds: string[] }>;
  lessons: Record<string, LessonProgress>;
  jobId: string | null;
  job: 'idle' | 'running' | 'completed' | 'failed' | 'cancelled';
  error: string | null;
  /** The lesson being written most recently, shown in the live panel. */
  writingId: string | null;
}

interface OutlineInput {
  modules: ReadonlyArray<{
    id: string;
    title: string;
    lessons: ReadonlyArray<{ id: string; title: string; status: string; currentVersion: number }>;
  }>;
}

/** The starting point from the server's outline: lessons with content are ready, the rest pending. */
export function initialGeneration(outline: OutlineInput): GenerationState {
  const lessons: Record<string, LessonProgress> = {};
  for (const module of outline.modules)
    for (const lesson of module.lessons)
      lessons[lesson.id] = {
        id: lesson.id,
        title: lesson.title,
        phase: lesson.status === 'generating' ? 'writing' : lesson.currentVersion > 0 ? 'ready' : lesson.status === 'failed' ? 'failed' : 'pending',
        text: '',
        sources: [],
      };
  return {
    modules: outline.modules.map((m) => ({ id: m.id, title: m.title, lessonIds: m.lessons.map((l) => l.id) })),
    lessons,
    jobId: null,
    job: 'idle',
    error: null,
    writingId: null,
  };
}

function withLesson(state: GenerationState, id: string, change: (lesson: LessonProgress) => LessonProgress): GenerationState {
  const lesson = state.lessons[id];
  return lesson === undefined ? state : { ...state, lessons: { ...state.lessons, [id]: change(lesson) } };
}

/** Applies one live event; unknown events and other courses' lessons leave the state as it is. */
export function applyGenerationEvent(state: GenerationState, message: StreamMessage): GenerationState {
  // A fan-out's stream carries its children's events too; `data.jobId` says whose event it is.
  const rootEvent = message.data.jobId === message.jobId;
  switch (message.event) {
    case 'job.queued':
    case 'job.started':
    case 'job.resumed':
      return rootEvent ? { ...state, jobId: message.jobId, job: 'running', error: null } : state;
    case 'lesson.started': {
      const id = message.data.lessonId;
      const next = withLesson(state, id, (l) => ({ ...l, phase: 'writing', text: '' }));
      return { ...next, writingId: state.lessons[id] === undefined ? state.writingId : id, jobId: state.jobId ?? message.jobId, job: 'running' };
    }
    case 'lesson.delta': {
      const { text } = message.data;
      return withLesson(state, message.data.lessonId, (l) => ({ ...l, phase: 'writing', text: l.text + text }));
    }
    case 'lesson.completed': {
      const sources = message.data.sources.map(({ id, smeName, documentTitle, excerpt }) => ({ id, smeName, documentTitle, excerpt }));
      return withLesson(state, message.data.lessonId, (l) => ({ ...l, phase: 'ready', sources }));
    }
    case 'job.completed':
    case 'job.failed':
    case 'job.cancelled': {
      if (!rootEvent) return state;
      const job = message.event === 'job.completed' ? 'completed' : message.event === 'job.failed' ? 'failed' : 'cancelled';
      // Lessons still being written when the run ends did not finish.
      const lessons = Object.fromEntries(
        Object.entries(state.lessons).map(([id, l]) => [id, l.phase === 'writing' ? { ...l, phase: 'failed' as const } : l]),
      );
      return { ...state, lessons, job, error: message.event === 'job.failed' ? message.data.error || 'Generation failed.' : null };
    }
    default:
      return state;
  }
}

const PHASE_ORDER: Record<LessonPhase, number> = { pending: 0, writing: 1, failed: 2, ready: 3 };

/**
 * Folds a fresh read of the outline into the page's state: a run that ended before the page
 * subscribed sends nothing, so only such a read shows its lessons as written. Phases only move
 * forward, so a read that raced an event never undoes it; while a run is being followed live, its
 * events alone drive the page.
 */
export function mergeSnapshot(state: GenerationState, snapshot: GenerationState): GenerationState {
  if (state.job === 'running') return state;
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, fresh] of Object.entries(snapshot.lessons)) {
    const current = state.lessons[id];
    lessons[id] =
      current === undefined ? fresh : PHASE_ORDER[fresh.phase] > PHASE_ORDER[current.phase] ? { ...current, phase: fresh.phase } : current;
  }
  return { ...state, modules: snapshot.modules, lessons };
}

export type GenerationAction = StreamMessage | { type: 'snapshot'; snapshot: GenerationState };

/** The view's reducer: live events, and fresh reads of the outline (`mergeSnapshot`). */
export function generationReducer(state: GenerationState, action: GenerationAction): GenerationState {
  return action.type === 'snapshot' ? mergeSnapshot(state, action.snapshot) : applyGenerationEvent(state, action);
}

export function countReady(state: GenerationState): { ready: number; total: number } {
  const all = Object.values(state.lessons);
  return { ready: all.filter((l) => l.phase === 'ready').length, total: all.length };
}
