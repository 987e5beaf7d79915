import { type BusSubscriptionOptions } from '../event-bus.js';
import { type BusLogger } from '../logger.js';
import { type RetryPolicy } from '../redelivery.js';
import { type InProcessLog } from './in-process-log.js';
import { type OffsetStore, PartitionWorker } from './partition-worker.js';

export interface GroupMember {
  readonly topics: readonly string[];
  readonly options: BusSubscriptionOptions;
}

export interface GroupSettings {
  readonly retry: RetryPolicy;
  readonly logger: BusLogger;
  /** How long a rebalance waits for the members' running handlers before abandoning them. */
  readonly rebalanceTimeoutMs: number;
}

/**
 * A consumer group of the in-process bus, rebalanced eagerly like Kafka's classic
 * protocol: on every join or leave all partitions are revoked (running handlers may
 * finish and commit), then dealt out again round-robin among the members of each topic.
 */
export class ConsumerGroup implements OffsetStore {
  private readonly members: GroupMember[] = [];
  private readonly workers = new Map<GroupMember, PartitionWorker[]>();
  private readonly committed = new Map<string, number>();
  /** Joins and leaves run one after the other. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: InProcessLog,
    private readonly settings: GroupSettings,
  ) {}

  join(member: GroupMember): Promise<void> {
    return this.serialize(async () => {
      await this.revoke(this.members, this.settings.rebalanceTimeoutMs);
      this.members.push(member);
      this.assign();
    });
  }

  leave(member: GroupMember, graceMs: number): Promise<void> {
    return this.serialize(async () => {
      const index = this.members.indexOf(member);
      if (index < 0) return;
      this.members.splice(index, 1);
      await Promise.all([this.revoke([member], graceMs), this.revoke(this.members, this.settings.rebalanceTimeoutMs)]);
      this.assign();
    });
  }

  committedOffset(topic: string, partition: number): number | undefined {
    return this.committed.get(`${topic}:${partition}`);
  }

  commit(topic: string, partition: number, nextOffset: number): void {
    this.committed.set(`${topic}:${partition}`, nextOffset);
  }

  private serialize(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async revoke(members: readonly GroupMember[], graceMs: number): Promise<void> {
    const stopping = members.flatMap((member) => this.workers.get(member) ?? []).map((worker) => worker.stop(graceMs));
    for (const member of members) this.workers.delete(member);
    await Promise.all(stopping);
  }

  private assign(): void {
    for (const topicName of new Set(this.members.flatMap((member) => member.topics))) {
      const owners = this.members.filter((member) => member.topics.includes(topicName));
      const topic = this.log.topic(topicName);
      for (let partition = 0; partition < topic.partitionCount; partition++) {
        const owner = owners[partition % owners.length]!;
        const worker = new PartitionWorker({ topic, partition, options: owner.options, offsets: this, ...this.settings });
        this.workers.set(owner, [...(this.workers.get(owner) ?? []), worker]);
      }
    }
  }
}
