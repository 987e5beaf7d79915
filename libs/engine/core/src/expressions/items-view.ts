import { type Item } from '../items.js';
import { markCallable } from './callable.js';

const KEYS: ReadonlySet<string> = new Set(['item', 'all', 'first', 'last', 'items', 'isExecuted']);

/**
 * `$input` and `$('Node')`. A class of the sandbox's own, read through the guard's
 * allow-list like a `SafeDateTime`, so that `.item` is resolved only when it is read: as
 * in n8n, `$('Node').first()` works where the paired item of `.item` would fail. The
 * state is in private fields, so nothing of it is an own property a spread, `Object.keys`
 * or `JSON.stringify` could see.
 */
export class ItemsView {
  readonly #items: readonly Item[];
  readonly #item: () => Item | undefined;

  constructor(items: readonly Item[], item: () => Item | undefined) {
    this.#items = items;
    this.#item = item;
  }

  /** The member `key` as an expression reads it; `undefined` for anything else. */
  read(key: string): unknown {
    if (!KEYS.has(key)) return undefined;
    const items = this.#items;
    switch (key) {
      case 'item':
        return this.#item();
      case 'all':
        return markCallable(() => items.slice());
      case 'first':
        return markCallable(() => items[0]);
      case 'last':
        return markCallable(() => items[items.length - 1]);
      case 'items':
        return items.slice();
      default:
        return true;
    }
  }
}
