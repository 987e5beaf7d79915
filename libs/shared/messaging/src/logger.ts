/** What the bus reports about itself. Entries never carry event payloads: ids, types and positions only. */
export interface BusLogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type BusLogger = (entry: BusLogEntry) => void;

/** The default: warnings and errors to stderr as one JSON line each; info and debug dropped. */
export const warningsToStderr: BusLogger = (entry) => {
  if (entry.level !== 'error' && entry.level !== 'warn') return;
  process.stderr.write(`${JSON.stringify({ level: entry.level, msg: entry.message, ...entry.fields })}\n`);
};
