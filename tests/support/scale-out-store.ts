import pg from 'pg';

/** One stored event of a job stream, as the job_event table holds it. */
export interface StoredEvent {
  seq: number;
  type: string;
  /** The job of the fan-out the event is about (`data.jobId`). */
  jobId: string;
  lessonId: string | null;
  at: Date;
}

export interface StoredJob {
  id: string;
  parentId: string | null;
  kind: string;
  status: string;
  attempts: number;
}

export interface StoredRun {
  events: StoredEvent[];
  /** The stream's root job and every child job writing to it. */
  jobs: StoredJob[];
  /** Versions saved per lesson of the course. */
  versionsPerLesson: Map<string, number>;
}

/**
 * Reads what the database holds of one generation run: the ground truth that subscribers'
 * streams are compared with, independent of the API processes that were killed.
 */
export async function readStoredRun(databaseUrl: string, streamJobId: string, courseId: string): Promise<StoredRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const events = await client.query<{ seq: string; type: string; job_id: string | null; lesson_id: string | null; created_at: Date }>(
      `select seq, type, data->>'jobId' as job_id, data->>'lessonId' as lesson_id, created_at from job_event where job_id = $1 order by seq`,
      [streamJobId],
    );
    const jobs = await client.query<{ id: string; parent_id: string | null; kind: string; status: string; attempts: number }>(
      'select id, parent_id, kind, status, attempts from job where stream_job_id = $1 order by created_at',
      [streamJobId],
    );
    const versions = await client.query<{ id: string; versions: string }>(
      'select lesson.id, count(lesson_version.id) as versions from lesson left join lesson_version on lesson_version.lesson_id = lesson.id where lesson.course_id = $1 group by lesson.id',
      [courseId],
    );
    return {
      events: events.rows.map((row) => ({
        seq: Number(row.seq),
        type: row.type,
        jobId: row.job_id ?? '',
        lessonId: row.lesson_id,
        at: row.created_at,
      })),
      jobs: jobs.rows.map((row) => ({ id: row.id, parentId: row.parent_id, kind: row.kind, status: row.status, attempts: row.attempts })),
      versionsPerLesson: new Map(versions.rows.map((row) => [row.id, Number(row.versions)])),
    };
  } finally {
    await client.end();
  }
}
