import { type Admin } from 'kafkajs';
import { retryWhileRetriable } from './subscribe-when-ready.js';

export interface TopicSettings {
  readonly partitions: number;
  /** Omitted: the broker's default. */
  readonly replicationFactor?: number;
}

/**
 * Creates topics on demand, once per topic and process, before the first publish or
 * subscribe that needs them: producers never rely on broker-side auto-creation, whose
 * partition count is the broker's choice, not ours.
 */
export class TopicProvisioner {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly admin: () => Promise<Admin>,
    private readonly settings: TopicSettings,
  ) {}

  async ensure(topics: readonly string[]): Promise<void> {
    await Promise.all(topics.map((topic) => this.ensureOne(topic)));
  }

  private ensureOne(topic: string): Promise<void> {
    let ensured = this.ensured.get(topic);
    if (!ensured) {
      ensured = this.create(topic);
      // A failed creation is tried again by the next caller rather than remembered.
      ensured.catch(() => this.ensured.delete(topic));
      this.ensured.set(topic, ensured);
    }
    return ensured;
  }

  private async create(topic: string): Promise<void> {
    const admin = await this.admin();
    // Resolves false, without an error, when the topic exists already. Waiting for its
    // leaders can meet a broker whose metadata does not have the new topic yet (a
    // retriable error): asking again then waits until it has.
    await retryWhileRetriable(() =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: this.settings.partitions, replicationFactor: this.settings.replicationFactor ?? -1 }],
      }),
    );
  }
}
