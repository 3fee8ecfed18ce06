import { Migration } from '@mikro-orm/migrations';

// Certificates of completion with their signed Open Badges credential, and one Ed25519 signing key
// per organisation (the private half sealed under the instance key).
export class Migration0017PeopleCertificates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table organisation_signing_key (
      tenant_id uuid primary key references tenant (id) on delete cascade,
      public_key_x text not null,
      private_key_sealed text not null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create table certificate (
      id uuid primary key,
      tenant_id uuid not null references tenant (id) on delete cascade,
      enrolment_id uuid not null unique references enrolment (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      course_id uuid not null,
      learner_email text not null,
      course_title text not null,
      organisation_name text not null,
      issued_at timestamptz not null,
      credential_jwt text not null,
      revoked_at timestamptz,
      revocation_reason text
    );`);
    this.addSql('create index certificate_tenant_idx on certificate (tenant_id, issued_at desc);');
  }
}
