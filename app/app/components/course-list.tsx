import type { CourseSummary } from '../api/types';

export function CourseList({ courses }: { courses: CourseSummary[] }) {
  if (courses.length === 0) {
    return (
      <p className="empty" data-testid="courses-empty">
        No courses yet
      </p>
    );
  }
  return (
    <ul className="cards">
      {courses.map((course) => (
        <li key={course.id} className="card">
          <h3>{course.title}</h3>
          <p>{course.desiredOutcome}</p>
          <p className="meta">
            <span className="tag">{course.status}</span> <span lang={course.language}>{course.language}</span> · updated{' '}
            <time dateTime={course.updatedAt}>{course.updatedAt.slice(0, 10)}</time>
          </p>
        </li>
      ))}
    </ul>
  );
}
