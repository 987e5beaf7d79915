// A projector in a process of its own, for the crash test: started, SIGKILLed at
// random moments and started again by crash.int.spec.ts. MODE=store follows the
// store (runFromStore); MODE=bus plays an at-least-once bus: it delivers the log in
// order with the event's ordinal as the offset and, on every start, rewinds 20
// offsets before the stored one, so each restart redelivers what was applied.
import { PostgresEventStore } from '@weft/eventstore';
import { type LogPosition } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { Projector } from '../projector.js';
import { counterProjection } from './counter-projection.fixture.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const REWIND = 20;
const name = env('PROJECTION_NAME');
const db = new Database({ url: env('DATABASE_URL'), maxConnections: 3, applicationName: 'weft-crash-projector' });
const store = new PostgresEventStore(db);
// Small batches: many commits, so the kills land near commits often.
const projector = new Projector(db, counterProjection(name, { prefix: `${name}_` }), { maxBatch: 25 });

async function deliverForever(): Promise<never> {
  const stored = Number((await projector.lastAppliedOffset('sim', 0)) ?? -1) + 1;
  const resumeAt = Math.max(0, stored - REWIND);
  let after: LogPosition | undefined;
  for (let ordinal = 0; ;) {
    const page = await store.readAll({ after, maxCount: 100 });
    for (const event of page) {
      if (ordinal >= resumeAt) await projector.applyDelivered(event, { topic: 'sim', partition: 0, offset: String(ordinal) });
      ordinal += 1;
      after = event.logPosition;
    }
    if (page.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

await projector.ensureTables();
console.log('ready');
if (env('MODE') === 'bus') await deliverForever();
else await projector.runFromStore(store, new AbortController().signal);
