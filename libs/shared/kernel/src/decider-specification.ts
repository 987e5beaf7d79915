import { type Command, type Decider } from './decider.js';
import { type DomainEvent } from './events.js';

/** Thrown when a specification's expectation does not hold; jest reports it as a failure. */
export class SpecificationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecificationFailure';
  }
}

export interface DeciderThen<E> {
  /** Asserts the command decided exactly these events (compared as canonical data). */
  then(expected: readonly E[]): void;
  /** Asserts the command was refused; `expected` checks the error (class or predicate). */
  thenThrows(expected?: (new (...args: never[]) => Error) | ((error: unknown) => boolean)): void;
  /** The decided events, for assertions the two above do not cover. */
  events(): readonly E[];
}

export interface DeciderWhen<C, E> {
  when(command: C): DeciderThen<E>;
}

/**
 * Given/when/then for deciders without any test framework: `then` returns quietly or
 * throws a `SpecificationFailure`, so it works inside a jest `it` as is.
 *
 * @example DeciderSpecification.for(decider).given([created]).when(activate).then([activated])
 */
export const DeciderSpecification = {
  for<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>) {
    return {
      given(history: readonly E[]): DeciderWhen<C, E> {
        return { when: (command) => thenFor(decider, history, command) };
      },
    };
  },
};

function thenFor<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>, history: readonly E[], command: C): DeciderThen<E> {
  const run = () =>
    decider.decide(
      command,
      history.reduce((s, e) => decider.evolve(s, e), decider.initialState()),
    );
  return {
    events: run,
    then(expected) {
      const actual = run();
      const [a, b] = [stableText(actual), stableText(expected)];
      if (a !== b) throw new SpecificationFailure(`Expected events\n  ${b}\nbut the decider produced\n  ${a}`);
    },
    thenThrows(expected) {
      let decided: readonly E[];
      try {
        decided = run();
      } catch (error) {
        if (expected === undefined || matches(error, expected)) return;
        throw new SpecificationFailure(`The decider threw an unexpected error: ${String(error)}`);
      }
      throw new SpecificationFailure(`Expected the command to be refused, but it decided ${stableText(decided)}`);
    },
  };
}

function matches(error: unknown, expected: (new (...args: never[]) => Error) | ((error: unknown) => boolean)): boolean {
  const isClass = typeof expected === 'function' && expected.prototype instanceof Error;
  return isClass ? error instanceof (expected as new (...args: never[]) => Error) : (expected as (error: unknown) => boolean)(error);
}

/** JSON with sorted keys, so that key order never makes two equal events differ. */
function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
