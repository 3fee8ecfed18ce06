import { Migration } from '@mikro-orm/migrations';

// The language a person reads mail in; null until they choose (English).
export class Migration0028UserLocale extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table app_user add column locale text;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table app_user drop column locale;');
  }
}
