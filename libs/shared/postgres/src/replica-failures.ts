/**
 * Why a read on the replica failed, when the replica (not the read) is the reason:
 * - `unavailable`: no connection, or the server went away (stopped, restarting, too
 *   many connections). Reads go to the primary until a probe finds the replica back.
 * - `conflict`: a recovery conflict cancelled the read (a hot standby replaying a
 *   vacuum or a lock the read was in the way of: SQLSTATE 40001 or 40P01, which a
 *   read-only transaction cannot get for another reason). This read alone goes to the
 *   primary; the replica stays in use.
 * Anything else (a bad query, a not-found thrown by the work) is the read's own error.
 */
export type ReplicaFailure = 'unavailable' | 'conflict';

const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
const CONFLICT_STATES = new Set(['40001', '40P01']);
// pg reports a lost or unopened connection without a SQLSTATE: a Node system error (`ECONNREFUSED`) or these messages.
const NODE_SYSTEM_ERROR = /^E[A-Z]+$/;
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i;

export function replicaFailure(error: unknown): ReplicaFailure | undefined {
  // Not `instanceof Error`: a socket's errors may come from another realm (a test sandbox).
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONFLICT_STATES.has(code)) return 'conflict';
    if (UNAVAILABLE_STATES.test(code) || NODE_SYSTEM_ERROR.test(code)) return 'unavailable';
    return undefined;
  }
  return CONNECTION_MESSAGES.test(String((error as { message?: unknown }).message)) ? 'unavailable' : undefined;
}
