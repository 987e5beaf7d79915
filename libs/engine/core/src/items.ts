/** A JSON value as it travels between nodes. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Binary data attached to an item, base64-encoded so items stay JSON. */
export interface BinaryData {
  readonly data: string;
  readonly mimeType: string;
  readonly fileName?: string;
}

/** An input item an output item came from: its index on the node's input number `input` (0 = the first). */
export interface PairedItem {
  readonly item: number;
  readonly input: number;
}

/** The unit of data between nodes, like n8n's `INodeExecutionData`. */
export interface Item {
  readonly json: JsonObject;
  readonly binary?: Record<string, BinaryData>;
  /** Index of the first input's item this item came from (for `$('Node').item`). */
  readonly pairedItem?: number;
  /** The items it came from on any input (a merge); wins over `pairedItem`. */
  readonly pairedItems?: readonly PairedItem[];
}

/** Items per output (or input) name. */
export type ItemsByPort = Record<string, Item[]>;

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Another realm's Object.prototype also counts (jest and structuredClone make such objects).
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** Wraps arbitrary values as items: objects become `json`, anything else `{ value }`. */
export function toItems(values: readonly unknown[]): Item[] {
  return values.map((value) => {
    if (isPlainObject(value) && isPlainObject(value['json'])) return value as unknown as Item;
    if (isPlainObject(value)) return { json: value as JsonObject };
    return { json: { value: value as JsonValue } };
  });
}
