import { Migration } from '@mikro-orm/migrations';

// Course lifecycle: a course is either a course or a template (the starting point of new courses,
// never published), and may be archived (out of the course list and the catalogue, with its
// enrolments, progress and certificates kept). The index serves the list's cursor order.
export class Migration0030CourseLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table course add column kind text not null default 'course' check (kind in ('course', 'template'));`);
    this.addSql('alter table course add column archived_at timestamptz;');
    this.addSql('create index course_list_idx on course (tenant_id, kind, created_at desc, id desc);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index course_list_idx;');
    this.addSql('alter table course drop column archived_at;');
    this.addSql('alter table course drop column kind;');
  }
}
