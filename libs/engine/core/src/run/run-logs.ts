import { type LogEntry } from '../node-type.js';

// The bounds of a run's log: what nodes write through `ctx.log` (the Code node's console
// output). The log is part of the checkpoint and travels with the node runs into the
// execution's events, so it is bounded per execution, resumes and retries included. The
// engine records what a node logs as it is: a node that logs what it does not control
// (the Code node) keeps within `ctx.logRoom()` itself, and says with one last line of its
// run how many lines it dropped.

/** Lines and characters of a run's log. */
export interface LogRoom {
  /** Lines. */
  readonly lines: number;
  /** Characters of the lines' messages (UTF-16 code units, as JSON lengths are measured). */
  readonly characters: number;
  /** Characters of one line: a longer one is cut, with a marker saying how much was cut. */
  readonly lineCharacters: number;
}

/** What one execution's log holds at most. */
export const RUN_LOG_LIMITS: LogRoom = { lines: 200, characters: 32_768, lineCharacters: 2_048 };

/**
 * What is left of `limits` after `logs` (every line counts, the dropped-lines notes
 * too); never below zero. Walks the log: it is short (bounded), and only nodes that log ask.
 */
export function logRoomAfter(logs: readonly LogEntry[], limits: LogRoom = RUN_LOG_LIMITS): LogRoom {
  let characters = 0;
  for (const entry of logs) characters += entry.message.length;
  return {
    lines: Math.max(0, limits.lines - logs.length),
    characters: Math.max(0, limits.characters - characters),
    lineCharacters: limits.lineCharacters,
  };
}
