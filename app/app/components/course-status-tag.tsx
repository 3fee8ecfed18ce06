import type { CourseSummary } from '../api/types';

const STATUS_TEXT: Record<CourseSummary['status'], string> = {
  draft: 'Draft',
  generating: 'Writing lessons',
  ready: 'Ready to publish',
  published: 'Published',
};

/**
 * A course's status as authors read it, wherever a course is shown. `changesWaiting`: a published
 * course has accepted changes learners do not see yet, so "Published" alone would say too much.
 */
export function CourseStatusTag({ status, changesWaiting = false }: { status: CourseSummary['status']; changesWaiting?: boolean }) {
  return (
    <span className={`tag tag--${status}`}>
      {STATUS_TEXT[status]}
      {status === 'published' && changesWaiting ? ', changes not yet published' : ''}
    </span>
  );
}
