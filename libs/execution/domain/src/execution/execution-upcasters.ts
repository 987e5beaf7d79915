import { UpcasterRegistry } from '@weft/kernel';

/**
 * The schema history of the Execution events: what reads old events at the latest
 * version, and the version new events are written at (`latestVersion`, as the kernel's
 * `handleCommand` asks it). No execution event has changed its data yet, so every type
 * is at version 1 and nothing is registered. A change registers its step here and moves
 * the contract's `...SchemaVersion` with it (`@weft/contracts` `execution/`); the
 * feature's `public-events.unit.spec.ts` checks that the two agree.
 */
export const executionUpcasters: UpcasterRegistry = new UpcasterRegistry();
