import { Migration } from '@mikro-orm/migrations';

// A password changed by its signed-in owner (not through a reset link). The row is what the
// "your password was changed" mail is composed from, and a record of when it happened.
export class Migration0020PasswordChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table password_change (
      id uuid primary key,
      user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
      email text not null,
      other_sessions_ended integer not null,
      created_at timestamptz not null default now()
    );`);
    this.addSql('create index password_change_user_idx on password_change (user_id, created_at);');
  }
}
