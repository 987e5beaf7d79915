import { type LogRoom, RUN_LOG_LIMITS } from '@weft/engine-core';

// The Code node's console, bounded. `createConsoleCapture` runs twice with the same room:
// inside the sandbox (its source is embedded in the worker: keep it self-contained, no
// imports, no outer names), so that a task that logs in a loop neither fills the worker's
// heap nor the reply; and in the host over what the worker sent (user code shares the
// capture's scope and could fill its list itself), where it is the bound that counts.
// Applying it to its own output changes nothing: a cut line is exactly as long as the
// room let it be.

/** A console line: `[level, message]`, level `log`, `info`, `warn`, `error` or `debug`. */
export type ConsoleLine = [level: string, message: string];

export interface ConsoleCapture {
  readonly lines: ConsoleLine[];
  /** Lines not kept: over the room's lines or characters. */
  dropped: number;
  /** One `console.<level>(...args)` call: formatted as Node's console joins its arguments, cut to the room, or dropped. */
  add(level: string, args: readonly unknown[]): void;
}

/** A capture of at most `room.lines` lines and `room.characters` characters, each line at most `room.lineCharacters`. */
export function createConsoleCapture(room: LogRoom): ConsoleCapture {
  // The numbers are read once: user code could change the object afterwards.
  const maxLines = Math.max(0, Math.floor(Number(room.lines) || 0));
  const maxCharacters = Math.max(0, Math.floor(Number(room.characters) || 0));
  const maxLineCharacters = Math.max(0, Math.floor(Number(room.lineCharacters) || 0));
  // What PostgreSQL cannot store as text or in jsonb: a NUL, half of a surrogate pair.
  const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  let characters = 0;
  const text = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'function') return '[Function: ' + (value.name || '(anonymous)') + ']';
    try {
      const json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      try {
        return String(value);
      } catch {
        return '[unprintable]';
      }
    }
  };
  const capture: ConsoleCapture = {
    lines: [],
    dropped: 0,
    add(level, args) {
      const fits = Math.min(maxLineCharacters, maxCharacters - characters);
      if (capture.lines.length >= maxLines || fits <= 0) {
        capture.dropped += 1;
        return;
      }
      let message = '';
      for (let i = 0; i < args.length; i += 1) message += (i === 0 ? '' : ' ') + text(args[i]);
      message = message.replace(unstorable, '\ufffd');
      if (message.length > fits) {
        const marker = ' … [cut: ' + message.length + ' characters in all]';
        if (fits <= marker.length) {
          capture.dropped += 1;
          return;
        }
        message = message.slice(0, fits - marker.length).replace(unstorable, '\ufffd') + marker;
      }
      capture.lines.push([String(level), message]);
      characters += message.length;
    },
  };
  return capture;
}

/** The capture's lines, and one line more saying how many were dropped when some were. */
export function capturedLines(capture: ConsoleCapture): ConsoleLine[] {
  if (capture.dropped === 0) return capture.lines;
  const { lines, characters } = RUN_LOG_LIMITS;
  const dropped = `${capture.dropped} console ${capture.dropped === 1 ? 'line' : 'lines'} dropped`;
  return [...capture.lines, ['warn', `${dropped}: an execution keeps at most ${lines} lines and ${characters} characters of console output`]];
}

/**
 * The host's bound over what a worker sent (`logs`, and the count it dropped itself):
 * only well-formed lines count, each through the capture again.
 */
export function boundConsoleLines(logs: unknown, droppedInWorker: unknown, room: LogRoom): ConsoleLine[] {
  const capture = createConsoleCapture(room);
  for (const line of Array.isArray(logs) ? (logs as unknown[]) : []) {
    if (Array.isArray(line) && typeof line[0] === 'string' && typeof line[1] === 'string') capture.add(line[0], [line[1]]);
    else capture.dropped += 1;
  }
  if (typeof droppedInWorker === 'number' && Number.isSafeInteger(droppedInWorker) && droppedInWorker > 0) capture.dropped += droppedInWorker;
  return capturedLines(capture);
}
