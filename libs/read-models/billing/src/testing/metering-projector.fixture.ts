// The metering projection in a process of its own, for the kill -9 test
// (usage-metering-crash.int.spec.ts): MODE=store follows the store; MODE=bus plays an
// at-least-once bus that, on every start, rewinds 20 offsets before the stored one, so
// each restart redelivers what was already counted.
import { PostgresEventStore } from '@weft/eventstore';
import { type LogPosition } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { Projector } from '@weft/projections';
import { usageProjection } from '../usage-projection.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const REWIND = 20;
const db = new Database({ url: env('DATABASE_URL'), maxConnections: 3, applicationName: 'weft-metering-fixture' });
const store = new PostgresEventStore(db);
// Small batches: many commits, so the kills land near commits often.
const projector = new Projector(db, usageProjection, { maxBatch: 10 });

async function deliverForever(): Promise<never> {
  const resumeAt = Math.max(0, Number((await projector.lastAppliedOffset('sim', 0)) ?? -1) + 1 - REWIND);
  let after: LogPosition | undefined;
  for (let ordinal = 0; ;) {
    const page = await store.readAll({ after, maxCount: 100 });
    const batch = page
      .map((event, i) => ({ event, delivery: { topic: 'sim', partition: 0, offset: String(ordinal + i) } }))
      .filter((_d, i) => ordinal + i >= resumeAt);
    for (let i = 0; i < batch.length; i += 10) await projector.applyDeliveredBatch(batch.slice(i, i + 10));
    ordinal += page.length;
    after = page.at(-1)?.logPosition ?? after;
    if (page.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

await projector.ensureTables();
console.log('ready');
if (env('MODE') === 'bus') await deliverForever();
else await projector.runFromStore(store, new AbortController().signal);
