import type { WizardStep } from './course-wizard.machine';

interface CourseState {
  status: 'draft' | 'generating' | 'ready' | 'published';
  smeIds: readonly string[];
  audienceIds: readonly string[];
}

interface OutlineState {
  modules: ReadonlyArray<{ lessons: ReadonlyArray<{ status: string; currentVersion: number }> }>;
}

/**
 * Where an author who left the wizard comes back to, from what the server knows. Lessons being
 * (or already) written leave the wizard for the generation view; a running outline job is found
 * over the websocket once the page is open (OUTLINE_JOB_ACTIVE).
 */
export function resumeStep(course: CourseState | null, outline: OutlineState | null): WizardStep | 'generation' {
  if (course === null) return 'details';
  const lessons = outline?.modules.flatMap((m) => m.lessons) ?? [];
  if (course.status !== 'draft' || lessons.some((l) => l.currentVersion > 0 || l.status === 'generating')) return 'generation';
  if (lessons.length > 0) return 'review';
  // Saved audiences bring the author back to that step with the choice intact; the outline is
  // only drafted (which spends AI tokens) when they say so, or found running over the websocket.
  if (course.smeIds.length > 0) return 'audiences';
  return 'smes';
}
