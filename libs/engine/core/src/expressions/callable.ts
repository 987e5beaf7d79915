/** Functions an expression may call: host helpers ($input.all, Math.max...) and its own arrows. */
const callable = new WeakSet<object>();

export function markCallable<F extends (...args: never[]) => unknown>(fn: F): F {
  callable.add(fn);
  return fn;
}

export const isCallable = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function' && callable.has(value);
