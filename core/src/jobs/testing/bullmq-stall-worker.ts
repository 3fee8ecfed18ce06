// A worker process for bullmq-stall.test.ts: takes one delivery, reports it, and hangs until killed.
import { BullmqTransport, type BullmqTransportOptions } from '../bullmq-transport.ts';

const options: BullmqTransportOptions = JSON.parse(process.argv[2] ?? '{}');
const transport = new BullmqTransport(options);
await transport.consume(
  async (delivery) => {
    process.stdout.write(`started ${delivery.id}\n`);
    return new Promise(() => undefined);
  },
  { concurrency: 1 },
);
process.stdout.write('ready\n');
