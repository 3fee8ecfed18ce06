import { Migration } from '@mikro-orm/migrations';

// A course stores only whether it is published; generating and ready are derived when it is read
// (course-status.ts), so rows that held them become drafts and the column accepts only the two.
export class Migration0018CourseStoredStatus extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update course set status = 'draft' where status not in ('draft', 'published');`);
    this.addSql('alter table course drop constraint if exists course_status_check;');
    this.addSql(`alter table course add constraint course_status_check check (status in ('draft', 'published'));`);
  }
}
