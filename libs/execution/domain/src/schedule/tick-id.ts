import { uuidV5 } from '@weft/kernel';

/** The namespace of schedule tick ids (RFC 9562 v5); never change it, ids are stored. */
export const WEFT_SCHEDULE_TICK_NAMESPACE = '6f1d2c8e-3b7a-5e49-9c0d-2a8b4e6f1357';

/**
 * The identity of one tick: a v5 UUID of workflow, trigger node and scheduled instant
 * (to the millisecond, as ISO-8601 UTC). Every replica computing the same tick gets the
 * same id, so appending to a stream named after it with expected version `no_stream`
 * lets exactly one of them start the run.
 */
export function tickId(workflowId: string, nodeId: string, scheduledAt: Date | string): string {
  const instant = new Date(scheduledAt);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`scheduledAt is not a date: ${String(scheduledAt)}`);
  return uuidV5(WEFT_SCHEDULE_TICK_NAMESPACE, `schedule-tick/${workflowId}/${nodeId}/${instant.toISOString()}`);
}
