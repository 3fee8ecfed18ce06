import { Migration } from '@mikro-orm/migrations';

// Identities of session providers (e.g. Kratos) linked to Mirai users. A user keeps the identity it
// was created with in app_user; this table adds the links made on first sight, so a deployment
// switching from auth-local to auth-kratos keeps its users (linked by verified email).
export class Migration0007IdentityLinks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table user_identity (
        id uuid primary key,
        provider text not null,
        subject text not null,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        created_at timestamptz not null,
        unique (provider, subject)
      );
      create index user_identity_user_idx on user_identity (user_id);
    `);
  }
}
