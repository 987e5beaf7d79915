import { SandboxViolation } from './errors.js';
import { readMember, toKey } from './guards.js';

/**
 * The most used of n8n's expression extension methods (`'x'.isEmpty()`, `[1, 2].sum()`,
 * `(1.25).round(1)`), so imported expressions keep working. Pure functions of plain data.
 */
type Extension = (self: never, ...args: unknown[]) => unknown;

const isBlank = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && Object.keys(value).length === 0);

const numbers = (list: unknown[]): number[] => list.map(Number).filter((value) => !Number.isNaN(value));

const STRING: Record<string, Extension> = {
  isEmpty: (self: string) => self === '',
  isNotEmpty: (self: string) => self !== '',
  toNumber: (self: string) => {
    const value = Number(self);
    if (Number.isNaN(value)) throw new SandboxViolation(`"${self}" cannot be converted to a number`);
    return value;
  },
  toTitleCase: (self: string) => self.toLowerCase().replace(/(^|\s)\S/g, (match) => match.toUpperCase()),
  toSnakeCase: (self: string) =>
    self
      .trim()
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[\s-]+/g, '_')
      .toLowerCase(),
  extractEmail: (self: string) => /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(self)?.[0],
  isEmail: (self: string) => /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(self),
};

const ARRAY: Record<string, Extension> = {
  first: (self: unknown[]) => self[0],
  last: (self: unknown[]) => self[self.length - 1],
  isEmpty: (self: unknown[]) => self.length === 0,
  isNotEmpty: (self: unknown[]) => self.length > 0,
  sum: (self: unknown[]) => numbers(self).reduce((total, value) => total + value, 0),
  max: (self: unknown[]) => Math.max(...numbers(self)),
  min: (self: unknown[]) => Math.min(...numbers(self)),
  average: (self: unknown[]) => (self.length === 0 ? 0 : numbers(self).reduce((total, value) => total + value, 0) / numbers(self).length),
  unique: (self: unknown[]) => [...new Map(self.map((value) => [typeof value === 'object' ? JSON.stringify(value) : value, value])).values()],
  compact: (self: unknown[]) => self.filter((value) => !isBlank(value)),
  pluck: (self: unknown[], ...fields: unknown[]) => {
    const keys = fields.map(toKey);
    return self.map((entry) => {
      if (entry === null || typeof entry !== 'object') return undefined;
      return keys.length === 1 ? readMember(entry, keys[0]) : Object.fromEntries(keys.map((key) => [key, readMember(entry, key)]));
    });
  },
};

const NUMBER: Record<string, Extension> = {
  round: (self: number, digits: unknown = 0) => Math.round(self * 10 ** Number(digits)) / 10 ** Number(digits),
  floor: (self: number) => Math.floor(self),
  ceil: (self: number) => Math.ceil(self),
  isEven: (self: number) => self % 2 === 0,
  isOdd: (self: number) => Math.abs(self % 2) === 1,
  toBoolean: (self: number) => self !== 0,
};

const OBJECT: Record<string, Extension> = {
  isEmpty: (self: object) => Object.keys(self).length === 0,
  isNotEmpty: (self: object) => Object.keys(self).length > 0,
  keys: (self: object) => Object.keys(self),
  values: (self: object) => Object.values(self),
  hasField: (self: object, field: unknown) => Object.hasOwn(self, String(field)),
};

/** The extension for `key` on `self`, if there is one. */
export function findExtension(self: unknown, key: string): Extension | undefined {
  const table =
    typeof self === 'string'
      ? STRING
      : typeof self === 'number'
        ? NUMBER
        : Array.isArray(self)
          ? ARRAY
          : self !== null && typeof self === 'object'
            ? OBJECT
            : undefined;
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}
