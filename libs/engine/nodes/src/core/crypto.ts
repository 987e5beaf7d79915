import { createHash, createHmac, randomBytes, randomUUID, type BinaryToTextEncoding } from 'node:crypto';
import { NodeOperationError, type NodeType } from '@weft/engine-core';
import { setPath } from './paths.js';

const HASHES = new Set(['md5', 'sha1', 'sha256', 'sha384', 'sha512']);

function digestEncoding(value: unknown): BinaryToTextEncoding {
  return value === 'base64' ? 'base64' : 'hex';
}

/** Hash, HMAC, or random uuid/bytes into `dataPropertyName`. */
export const crypto: NodeType = {
  type: 'crypto',
  validate: (properties) => {
    const type = properties['type'];
    return type !== undefined && !HASHES.has(String(type)) ? [['type', `unsupported hash "${String(type)}"`]] : [];
  },
  execute: (ctx) => ({
    main: ctx.items.map((item, index) => {
      const action = ctx.param<string>('action', index) ?? 'hash';
      const property = ctx.param<string>('dataPropertyName', index) ?? 'data';
      return { ...item, json: setPath(item.json, property, cryptoValue(ctx, action, index)) };
    }),
  }),
};

function cryptoValue(ctx: Parameters<NodeType['execute']>[0], action: string, index: number): string {
  const encoding = digestEncoding(ctx.param('encoding', index));
  const type = String(ctx.param('type', index) ?? 'sha256');
  const value = ctx.param('value', index);
  if ((action === 'hash' || action === 'hmac') && typeof value !== 'string')
    throw new NodeOperationError(`the value to ${action} must be a string, not ${value === null ? 'null' : typeof value}`);
  const text = String(value);
  if (action === 'hash') return createHash(type).update(text).digest(encoding);
  if (action === 'hmac')
    return createHmac(type, String(ctx.param('secret', index) ?? ''))
      .update(text)
      .digest(encoding);
  if (action === 'generate') {
    const kind = ctx.param<string>('encodingType', index) ?? 'uuid';
    if (kind === 'uuid') return randomUUID();
    const length = Math.min(4096, Math.max(1, Number(ctx.param('stringLength', index) ?? 32)));
    return randomBytes(length)
      .toString(kind === 'base64' ? 'base64' : 'hex')
      .slice(0, length);
  }
  throw new NodeOperationError(`unknown crypto action "${action}"`);
}
