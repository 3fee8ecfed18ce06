import { Form, Link } from '@remix-run/react';
import { useEffect, useRef } from 'react';

export const CONFIRMED_INTENTS = ['delete', 'archive', 'unpublish'] as const;
export type ConfirmedIntent = (typeof CONFIRMED_INTENTS)[number];

const WHAT_HAPPENS: Record<ConfirmedIntent, { question: string; consequence: string; button: string }> = {
  delete: {
    question: 'Delete',
    consequence:
      'Its outline, lessons, every version and its exports are deleted for good. A course learners are enrolled in is not deleted: archive it instead, which keeps their progress and certificates.',
    button: 'Delete for good',
  },
  archive: {
    question: 'Archive',
    consequence:
      'It leaves the course list and the catalogue, so nobody new can enrol and learners cannot open it. Enrolments, progress and certificates are kept; restore it from Archived at any time.',
    button: 'Archive course',
  },
  unpublish: {
    question: 'Unpublish',
    consequence: 'Learners can no longer open it; their enrolments and progress are kept for when you publish it again.',
    button: 'Unpublish course',
  },
};

/** Asks before a destructive lifecycle action and says what happens to learners; focus moves here when it opens. */
export function CourseConfirmation({
  intent,
  course,
  cancelTo,
}: {
  intent: ConfirmedIntent;
  course: { id: string; title: string };
  cancelTo: string;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const text = WHAT_HAPPENS[intent];
  return (
    <section ref={ref} tabIndex={-1} className="confirm confirm--panel" aria-labelledby="confirm-course-heading" data-testid="confirm-course">
      <h3 id="confirm-course-heading">
        {text.question} “{course.title}”?
      </h3>
      <p>{text.consequence}</p>
      <Form method="post" className="confirm__actions" preventScrollReset>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="courseId" value={course.id} />
        <button type="submit" className={intent === 'unpublish' ? 'button' : 'button button--danger'}>
          {text.button}
        </button>
        <Link to={cancelTo} className="button button--secondary" preventScrollReset>
          Cancel
        </Link>
      </Form>
    </section>
  );
}
