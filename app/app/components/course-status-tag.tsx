import type { CourseSummary } from '../api/types';

const STATUS_TEXT: Record<CourseSummary['status'], string> = {
  draft: 'Draft',
  generating: 'Writing lessons',
  ready: 'Ready to publish',
  published: 'Published',
};

/** A course's status as authors read it, wherever a course is shown. */
export function CourseStatusTag({ status }: { status: CourseSummary['status'] }) {
  return <span className={`tag tag--${status}`}>{STATUS_TEXT[status]}</span>;
}
