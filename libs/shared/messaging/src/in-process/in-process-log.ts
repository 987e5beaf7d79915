import { type BusMessage } from '../event-codec.js';

export interface StoredMessage extends BusMessage {
  readonly offset: number;
}

/** One topic of the in-process bus: an append-only array per partition, in memory only. */
export class InProcessTopic {
  private readonly partitions: StoredMessage[][];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    partitionCount: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
  }

  get partitionCount(): number {
    return this.partitions.length;
  }

  append(message: BusMessage): void {
    const log = this.partitions[partitionOf(message.key, this.partitions.length)]!;
    log.push({ ...message, offset: log.length });
    for (const listener of [...this.listeners]) listener();
  }

  at(partition: number, offset: number): StoredMessage | undefined {
    return this.partitions[partition]?.[offset];
  }

  endOffset(partition: number): number {
    return this.partitions[partition]?.length ?? 0;
  }

  /** Resolves on the next append to any partition, or when `signal` aborts. */
  nextAppend(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.listeners.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.listeners.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Topics created on first use, each with the bus's partition count. */
export class InProcessLog {
  private readonly topics = new Map<string, InProcessTopic>();

  constructor(private readonly partitionCount: number) {}

  topic(name: string): InProcessTopic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = new InProcessTopic(name, this.partitionCount);
      this.topics.set(name, topic);
    }
    return topic;
  }
}

/** FNV-1a over the key's UTF-16 code units: stable, so a stream always lands on the same partition. */
export function partitionOf(key: string, partitionCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitionCount;
}
