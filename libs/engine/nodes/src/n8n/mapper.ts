import { type JsonValue } from '@weft/engine-core';
import { type MappedNode } from './model.js';
import { type ParamReader } from './params.js';

/** Turns one n8n node's parameters (at its type version) into a Weft node. */
export type Mapper = (params: ParamReader, typeVersion: number) => MappedNode;

/** The record without its undefined fields: n8n omits unset options, and so does the mapped node. */
export const defined = (record: Record<string, JsonValue | undefined>): Record<string, JsonValue> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, JsonValue>;
