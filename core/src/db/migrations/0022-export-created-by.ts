import { Migration } from '@mikro-orm/migrations';

// Who asked for an export, for the app's list of earlier exports. Exports made before this
// column existed have no author (null), as do those of a person since removed.
export class Migration0022ExportCreatedBy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table course_export
        add column created_by uuid references app_user (id) on delete set null deferrable initially deferred;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table course_export drop column created_by;');
  }
}
