import { Migration } from '@mikro-orm/migrations';

// Active time a learner spent in a lesson, from the learner view's reports (capped per report, and
// never more than the wall-clock time since the previous report, so a report cannot be replayed
// to inflate the total). `time_reported_at` is that previous report.
export class Migration0027LessonTimeSpent extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table lesson_progress add column time_spent_seconds integer not null default 0;');
    this.addSql('alter table lesson_progress add column time_reported_at timestamptz;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table lesson_progress drop column time_reported_at;');
    this.addSql('alter table lesson_progress drop column time_spent_seconds;');
  }
}
