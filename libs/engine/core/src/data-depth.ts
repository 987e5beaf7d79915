import { jsonTextExceedsDepth, jsonValueExceedsDepth } from '@weft/kernel';
import { type Item, type JsonValue } from './items.js';
import { NodeOperationError } from './run/errors.js';

/**
 * Deepest nesting of arrays and objects an item's `json` may have (the `json` object is
 * level 1). Checked where data enters a run from outside the engine's own nodes: a Code
 * node's result, an HTTP response, JSON text parsed by a node or an expression, an
 * expression's value. Every recursive walk downstream (recording, canonical JSON,
 * expressions) is safe far beyond it (`JSON_DEPTH_CEILING` in @weft/kernel).
 */
export const MAX_ITEM_DEPTH = 1_000;

/**
 * Deepest nesting of a node's property values (`properties` itself is level 1), checked
 * by `validateWorkflow`. An API body nests at most 64 levels, so only an import (JSON
 * text in n8n parameters) or an older definition gets here with more; refusing it keeps
 * every walk over properties (validation, resolving them per item) shallow.
 */
export const MAX_PROPERTY_DEPTH = 64;

/** Data entering a run nested deeper than {@link MAX_ITEM_DEPTH}: the node fails with this. */
export class DataTooDeepError extends NodeOperationError {
  override name = 'DataTooDeepError';

  constructor(what: string) {
    super(
      `${what} is nested deeper than ${MAX_ITEM_DEPTH} levels`,
      `Objects and arrays may nest at most ${MAX_ITEM_DEPTH} levels in a workflow's data; flatten the data (or keep the deep part as a JSON string).`,
    );
  }
}

/**
 * `JSON.parse` for text whose value enters a run: text nested deeper than
 * `MAX_ITEM_DEPTH` is refused before anything is built from it (one linear scan, where
 * `JSON.parse` of 100,000 levels would block for 0.3 s). `what` names the text in the
 * error (`The response of api.example.com`). A syntax error is thrown as `JSON.parse` does.
 */
export function parseJsonData(text: string, what: string): JsonValue {
  if (jsonTextExceedsDepth(text, MAX_ITEM_DEPTH)) throw new DataTooDeepError(what);
  return JSON.parse(text) as JsonValue;
}

/** Throws {@link DataTooDeepError} ("The node's output ...") when an item's `json` nests deeper than `MAX_ITEM_DEPTH`. */
export function assertItemDepth(items: readonly Item[]): void {
  for (const item of items) {
    if (jsonValueExceedsDepth(item.json, MAX_ITEM_DEPTH)) throw new DataTooDeepError("The node's output");
  }
}
