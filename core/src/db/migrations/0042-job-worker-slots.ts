import { Migration } from '@mikro-orm/migrations';

// The deployment's worker capacity, for the relay's lending of idle slots (jobs/tenant-hand-over.ts).
// Every process that runs jobs states how many it runs at once and renews the claim on a
// heartbeat (jobs/worker-slots.ts); a row whose `expires_at` has passed is a worker that stopped
// or died, and no longer counts. Not tenant data: workers serve every tenant. Idempotent.
export class Migration0042JobWorkerSlots extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table if not exists job_worker (
        id uuid primary key,
        slots int not null check (slots > 0),
        seen_at timestamptz not null default now(),
        expires_at timestamptz not null
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists job_worker;');
  }
}
