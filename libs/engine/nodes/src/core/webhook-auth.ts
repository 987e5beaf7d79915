import { timingSafeEqual } from 'node:crypto';
import { type JsonValue } from '@weft/engine-core';

const same = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Checks a webhook request against the trigger's `authentication` (`none`, `basic`
 * {user, password}, `header` {name, value}) and its resolved credential. The execution
 * service calls it before starting a run; comparisons are constant-time.
 */
export function authenticateWebhook(
  properties: Record<string, JsonValue>,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  credential: Record<string, JsonValue> | undefined,
): boolean {
  const kind = String(properties['authentication'] ?? 'none');
  if (kind === 'none') return true;
  if (!credential) return false;
  if (kind === 'basic') {
    const header = String(headers['authorization'] ?? '');
    if (!header.startsWith('Basic ')) return false;
    const expected = `${String(credential['user'] ?? '')}:${String(credential['password'] ?? '')}`;
    return same(Buffer.from(header.slice(6), 'base64').toString('utf8'), expected);
  }
  if (kind === 'header') {
    const name = String(credential['name'] ?? '').toLowerCase();
    const value = headers[name];
    return name !== '' && typeof value === 'string' && same(value, String(credential['value'] ?? ''));
  }
  return false;
}
