import { Link } from '@remix-run/react';
import type { LearnerCourse } from './learning-types';

/** What a SCORM 2004 package's sequencing says of a lesson: hidden from choice, or not choosable now (and why). */
export interface SequencedLesson {
  lessonId: string;
  hidden: boolean;
  available: boolean;
  reason: string | null;
}

/**
 * A published course's modules and lessons with each lesson's state. Lessons link to the player
 * only when the learner is enrolled; `currentLessonId` marks the lesson being taken. With
 * `sequencing` (a SCORM 2004 package), hidden lessons are left out and unavailable ones do not link.
 */
export function LessonList({
  course,
  currentLessonId,
  sequencing,
}: {
  course: LearnerCourse;
  currentLessonId?: string;
  sequencing?: SequencedLesson[] | undefined;
}) {
  const progress = new Map((course.enrolment?.lessons ?? []).map((lesson) => [lesson.lessonId, lesson]));
  const sequenced = new Map((sequencing ?? []).map((lesson) => [lesson.lessonId, lesson]));
  let number = 0;
  return (
    <ol className="learn-outline" data-testid="lesson-list">
      {course.modules.map((module) => (
        <li key={module.id}>
          <h3>{module.title}</h3>
          <ol className="learn-outline__lessons">
            {module.lessons.map((lesson) => {
              number += 1;
              const rule = sequenced.get(lesson.id);
              if (rule?.hidden === true && lesson.id !== currentLessonId) return null;
              const done = progress.get(lesson.id)?.completedAt != null;
              return (
                <li
                  key={lesson.id}
                  className="learn-outline__lesson"
                  aria-current={lesson.id === currentLessonId ? 'step' : undefined}
                  data-lesson-id={lesson.id}
                  data-completed={done}
                >
                  <span className={`lesson-state ${done ? 'lesson-state--done' : ''}`} aria-hidden="true">
                    {done ? '✓' : number}
                  </span>
                  {course.enrolment === null ? (
                    <span className="title">{lesson.title}</span>
                  ) : rule !== undefined && !rule.available && lesson.id !== currentLessonId ? (
                    <span className="title" aria-disabled="true" title={rule.reason ?? undefined} data-sequencing-disabled="true">
                      {lesson.title}
                    </span>
                  ) : (
                    <Link to={`/learn/${course.id}/${lesson.id}`}>{lesson.title}</Link>
                  )}
                  <span className={`learn-badge ${done ? 'learn-badge--done' : 'learn-badge--muted'}`}>{done ? 'Completed' : 'To do'}</span>
                </li>
              );
            })}
          </ol>
        </li>
      ))}
    </ol>
  );
}
