import { Migration } from '@mikro-orm/migrations';

// Password reset and change of e-mail (password accounts), and the ledger of account mails sent.
// Only the SHA-256 of a link's token is stored; the mail job rebuilds the token from the row id.
export class Migration0015PeopleAccounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table password_reset (
      id uuid primary key,
      user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
      email text not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );`);
    this.addSql('create index password_reset_user_idx on password_reset (user_id, created_at);');
    this.addSql(`create table email_change (
      id uuid primary key,
      user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
      old_email text not null,
      new_email text not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );`);
    this.addSql('create index email_change_user_idx on email_change (user_id);');
    this.addSql(`create table sent_mail (
      idempotency_key text primary key,
      mail text not null,
      sent_at timestamptz not null
    );`);
  }
}
