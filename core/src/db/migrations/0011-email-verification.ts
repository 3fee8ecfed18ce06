import { Migration } from '@mikro-orm/migrations';

// E-mail verification for password accounts. Existing users start unverified (nothing proved they
// own their address); they can ask for a link with POST /v1/auth/verify-email/resend. Only the
// SHA-256 of a verification token is stored.
export class Migration0011EmailVerification extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table app_user add column email_verified_at timestamptz;');
    this.addSql(`create table email_verification (
      id uuid primary key,
      user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
      email text not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );`);
    this.addSql('create index email_verification_user_idx on email_verification (user_id);');
  }
}
