import { type Consumer, type ConsumerSubscribeTopics } from 'kafkajs';

const ATTEMPTS = 40;
const PAUSE_MS = 250;

/**
 * Runs `attempt` again (up to 10 s) while the broker answers with a retriable error:
 * a topic created a moment ago (by this process or another) may not be in every
 * broker's metadata yet ("This server does not host this topic-partition"), which
 * kafkajs reports instead of waiting.
 */
export async function retryWhileRetriable<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= ATTEMPTS || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}

/** `consumer.subscribe`, waiting for topics the broker's metadata does not have yet (see `retryWhileRetriable`). */
export function subscribeWhenReady(consumer: Consumer, subscription: ConsumerSubscribeTopics): Promise<void> {
  return retryWhileRetriable(() => consumer.subscribe(subscription));
}
