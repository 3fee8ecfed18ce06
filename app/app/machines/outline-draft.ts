/** The outline as the author edits it in the wizard, before it is saved with PUT /v1/courses/:id/outline. */
export interface DraftLesson {
  /** Stable key for React lists and edits; the server id once the lesson exists. */
  key: string;
  id?: string;
  title: string;
  objectives: string[];
}

export interface DraftModule {
  key: string;
  id?: string;
  title: string;
  lessons: DraftLesson[];
}

export type OutlineDraft = DraftModule[];

/** The server's outline (GET /outline or the outline.completed event) as a draft. */
export function draftFromOutline(
  modules: ReadonlyArray<{ id: string; title: string; lessons: ReadonlyArray<{ id: string; title: string; objectives: readonly string[] }> }>,
): OutlineDraft {
  return modules.map((module) => ({
    key: module.id,
    id: module.id,
    title: module.title,
    lessons: module.lessons.map((lesson) => ({ key: lesson.id, id: lesson.id, title: lesson.title, objectives: [...lesson.objectives] })),
  }));
}

/** The PUT /outline body: items without an id are created, missing ones removed. */
export function outlineBody(draft: OutlineDraft) {
  return {
    modules: draft.map((module) => ({
      ...(module.id === undefined ? {} : { id: module.id }),
      title: module.title.trim(),
      lessons: module.lessons.map((lesson) => ({
        ...(lesson.id === undefined ? {} : { id: lesson.id }),
        title: lesson.title.trim(),
        objectives: lesson.objectives,
      })),
    })),
  };
}

function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

let created = 0;
const newKey = (prefix: string) => `${prefix}-new-${Date.now().toString(36)}-${(created++).toString(36)}`;

/** Every edit the review step offers, as pure functions of the draft. */
export const outlineEdits = {
  renameModule: (draft: OutlineDraft, moduleKey: string, title: string): OutlineDraft =>
    draft.map((m) => (m.key === moduleKey ? { ...m, title } : m)),
  renameLesson: (draft: OutlineDraft, lessonKey: string, title: string): OutlineDraft =>
    draft.map((m) => ({ ...m, lessons: m.lessons.map((l) => (l.key === lessonKey ? { ...l, title } : l)) })),
  moveModule: (draft: OutlineDraft, moduleKey: string, by: -1 | 1): OutlineDraft => {
    const index = draft.findIndex((m) => m.key === moduleKey);
    return move(draft, index, index + by);
  },
  /** Moves a lesson within its module, or across into the neighbouring module at its edge. */
  moveLesson: (draft: OutlineDraft, lessonKey: string, by: -1 | 1): OutlineDraft => {
    const moduleIndex = draft.findIndex((m) => m.lessons.some((l) => l.key === lessonKey));
    const module = draft[moduleIndex];
    if (module === undefined) return draft;
    const index = module.lessons.findIndex((l) => l.key === lessonKey);
    const target = index + by;
    if (target >= 0 && target < module.lessons.length) {
      return draft.map((m, i) => (i === moduleIndex ? { ...m, lessons: move(m.lessons, index, target) } : m));
    }
    const neighbour = draft[moduleIndex + by];
    const lesson = module.lessons[index];
    if (neighbour === undefined || lesson === undefined) return draft;
    return draft.map((m, i) => {
      if (i === moduleIndex) return { ...m, lessons: m.lessons.filter((l) => l.key !== lessonKey) };
      if (i === moduleIndex + by) return { ...m, lessons: by === 1 ? [lesson, ...m.lessons] : [...m.lessons, lesson] };
      return m;
    });
  },
  addModule: (draft: OutlineDraft): OutlineDraft => [
    ...draft,
    { key: newKey('module'), title: 'New module', lessons: [{ key: newKey('lesson'), title: 'New lesson', objectives: [] }] },
  ],
  addLesson: (draft: OutlineDraft, moduleKey: string): OutlineDraft =>
    draft.map((m) => (m.key === moduleKey ? { ...m, lessons: [...m.lessons, { key: newKey('lesson'), title: 'New lesson', objectives: [] }] } : m)),
  removeModule: (draft: OutlineDraft, moduleKey: string): OutlineDraft => draft.filter((m) => m.key !== moduleKey),
  removeLesson: (draft: OutlineDraft, lessonKey: string): OutlineDraft =>
    draft.map((m) => ({ ...m, lessons: m.lessons.filter((l) => l.key !== lessonKey) })),
};

/** Why the draft cannot be saved yet, or null: every title filled, every module with a lesson. */
export function outlineProblem(draft: OutlineDraft): string | null {
  if (draft.length === 0) return 'Add at least one module.';
  for (const [i, m] of draft.entries()) {
    if (m.title.trim() === '') return `Module ${i + 1} needs a title.`;
    if (m.lessons.length === 0) return `Module ${i + 1} needs at least one lesson.`;
    for (const [j, l] of m.lessons.entries()) if (l.title.trim() === '') return `Lesson ${j + 1} of module ${i + 1} needs a title.`;
  }
  return null;
}
