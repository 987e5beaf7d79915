import { NodeOperationError } from '@weft/engine-core';
import { type HttpResponse } from './transport.js';

/**
 * n8n 1.123's guard against a pagination that never moves on, rule for rule: a page
 * repeats the one before when its `content-length` header (0 when absent) and its `etag`
 * (else its body) are equal, and the third repeat in a row fails the request. The etag or
 * body is only remembered once the length has matched (the first page's against 0), so
 * identical pages fail at the fifth with a `content-length` and at the fourth without;
 * n8n's message says 5x either way. Binary results are compared only when they have an etag.
 */
export class RepeatGuard {
  private previousLength = 0;
  private previousKey: string | Buffer = '';
  private identicalCount = 0;

  constructor(private readonly binaryResult: boolean) {}

  check(response: HttpResponse): void {
    const etag = response.headers.etag;
    if (this.binaryResult && etag === undefined) return;
    const length = Number.parseInt(String(response.headers['content-length'] ?? ''), 10) || 0;
    if (length !== this.previousLength) {
      this.identicalCount = 0;
      this.previousLength = length;
      return;
    }
    const key = etag ?? response.body;
    this.identicalCount = sameKey(key, this.previousKey) ? this.identicalCount + 1 : 0;
    this.previousKey = key;
    if (this.identicalCount > 2) {
      throw new NodeOperationError(
        'The returned response was identical 5x, so requests got stopped',
        'Check if "Pagination Completed When" (pagination.completeWhen) has been configured correctly.',
      );
    }
  }
}

const sameKey = (a: string | Buffer, b: string | Buffer): boolean => (typeof a === 'string' || typeof b === 'string' ? a === b : a.equals(b));
