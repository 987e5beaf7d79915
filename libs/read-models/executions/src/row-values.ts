/** A timestamp column as the API's ISO string. */
export const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** A bigint or numeric column (pg returns them as text) as a number. */
export const numberOrNull = (value: string | number | null): number | null => (value === null ? null : Number(value));
