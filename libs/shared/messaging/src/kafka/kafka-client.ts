import { createRequire } from 'node:module';
import { Kafka, type KafkaConfig } from 'kafkajs';

// kafkajs 2.2.4 (the newest release) reschedules its pending-request check after every
// answer even when nothing is pending: `throttledUntil` starts at -1, so the delay is
// -1 - Date.now(), which Node clamps to 1 ms with a TimeoutNegativeWarning. Every broker
// connection then wakes its process every millisecond, for as long as it lives
// (tulios/kafkajs#1704, #1751; the fix in #1768 is unreleased). Patched once here: with
// nothing pending and no throttle, no check is scheduled (a request pushed later sends
// at once, or schedules its own check).

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's CHECK_PENDING_REQUESTS_INTERVAL: how soon to look again when requests wait for an in-flight slot. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

const require = createRequire(import.meta.url);
let patched = false;

/** The scheduler with the fix, applied to kafkajs's RequestQueue (idempotent). Exported for its unit spec. */
export function patchRequestQueue(): { prototype: RequestQueue } {
  const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue };
  if (patched) return RequestQueueClass;
  patched = true;
  RequestQueueClass.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue): void {
    if (this.throttleCheckTimeoutId) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && untilUnthrottled <= 0) return;
    const delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  return RequestQueueClass;
}

/** The one way Weft makes a kafkajs client: with the request-queue fix above. */
export function createKafka(config: KafkaConfig): Kafka {
  patchRequestQueue();
  return new Kafka(config);
}
