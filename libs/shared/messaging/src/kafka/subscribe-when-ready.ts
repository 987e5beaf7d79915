import { type Consumer, type ConsumerSubscribeTopics } from 'kafkajs';

const ATTEMPTS = 40;
const PAUSE_MS = 250;

/**
 * `consumer.subscribe`, retried while the broker answers with a retriable error: a topic
 * created a moment ago (by this process or another) may not be in every broker's
 * metadata yet ("This server does not host this topic-partition"), which kafkajs
 * reports instead of waiting.
 */
export async function subscribeWhenReady(consumer: Consumer, subscription: ConsumerSubscribeTopics): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}
