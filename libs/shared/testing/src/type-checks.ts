/** `true` when A and B are mutually assignable (same fields, same types), else `false`: for compile-time sync checks. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The `data` of the event of type `T` in the union `E`. */
export type EventData<E extends { type: string; data: unknown }, T extends string> = Extract<E, { type: T }>['data'];
