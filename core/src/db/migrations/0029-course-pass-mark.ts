import { Migration } from '@mikro-orm/migrations';

// Each course sets the share of a quiz's questions a learner must get right (percent); existing
// courses keep the 70 % that used to be fixed.
export class Migration0029CoursePassMark extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table course add column pass_mark integer not null default 70 check (pass_mark between 1 and 100);');
  }

  override async down(): Promise<void> {
    this.addSql('alter table course drop column pass_mark;');
  }
}
