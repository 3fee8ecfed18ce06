import { Link } from '@remix-run/react';
import type { LearnerCourse } from './learning-types';

/**
 * A published course's modules and lessons with each lesson's state. Lessons link to the player
 * only when the learner is enrolled; `currentLessonId` marks the lesson being taken.
 */
export function LessonList({ course, currentLessonId }: { course: LearnerCourse; currentLessonId?: string }) {
  const progress = new Map((course.enrolment?.lessons ?? []).map((lesson) => [lesson.lessonId, lesson]));
  let number = 0;
  return (
    <ol className="learn-outline" data-testid="lesson-list">
      {course.modules.map((module) => (
        <li key={module.id}>
          <h3>{module.title}</h3>
          <ol className="learn-outline__lessons">
            {module.lessons.map((lesson) => {
              number += 1;
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
