import { type InvoiceLine } from '@weft/billing-domain';
import { type ExecutionQueuedData } from '@weft/contracts';
import { type EventStore, merkleRoot } from '@weft/eventstore';
import { contextOfStream } from '@weft/kernel';
import { hourOf } from '@weft/read-model-billing';

const PAGE = 5_000;

/**
 * The runs of `window` as an invoice line: the `ExecutionQueued` events of the
 * organization queued in the window's hours (the hour rule of the usage meter: a window
 * starting at 14:23 counts from 14:00), counted from the log itself, and the RFC 9162
 * Merkle root over their hashes in log order, so an auditor holding one run's event can
 * check it was counted in this bill. Reads the organization's queued runs from the start
 * of the log: a job's work, once per invoice.
 */
export async function usageLine(store: EventStore, organizationId: string, window: { from: string; to: string }): Promise<InvoiceLine> {
  const from = hourOf(window.from).getTime();
  const to = hourOf(window.to).getTime();
  const hashes: Buffer[] = [];
  let after: Awaited<ReturnType<EventStore['readAll']>>[number]['logPosition'] | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after ? { after } : {}), maxCount: PAGE, filter: { organizationId, typePrefix: 'ExecutionQueued' } });
    for (const event of page) {
      if (event.type !== 'ExecutionQueued' || contextOfStream(event.streamId) !== 'execution') continue;
      const queued = new Date((event.data as ExecutionQueuedData).queuedAt).getTime();
      if (queued >= from && queued < to) hashes.push(Buffer.from(event.hash, 'hex'));
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.logPosition;
  }
  return {
    kind: 'usage',
    description: `Runs (${window.from.slice(0, 10)} – ${window.to.slice(0, 10)}, included in the plan)`,
    quantity: hashes.length,
    unitAmount: 0,
    amount: 0,
    usageRoot: merkleRoot(hashes).toString('hex'),
    usageFrom: new Date(from).toISOString(),
    usageTo: new Date(to).toISOString(),
  };
}
