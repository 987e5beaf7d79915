type Lookup = Promise<{ readonly ok: true } | { readonly ok: false; readonly error: unknown }>;

/**
 * Applies `resumeFrom` on each partition assignment: asks where the consumer stored its
 * position and seeks to the next offset. A partition's batches wait for that answer, so
 * nothing before the stored position is handed to the handler.
 */
export class ResumeGate {
  private readonly lookups = new Map<string, Lookup>();

  constructor(
    private readonly resumeFrom: (topic: string, partition: number) => Promise<string | undefined>,
    private readonly seek: (topic: string, partition: number, offset: string) => void,
  ) {}

  /** A new assignment (every rebalance): positions may have moved, so ask again for all of them. */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.lookups.clear();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) this.lookups.set(key(topic, partition), this.lookUp(topic, partition));
    }
  }

  /**
   * Resolves once the partition's stored position has been applied (a seek makes the
   * current batch stale). Rejects when `resumeFrom` failed; the next batch asks again.
   */
  async ready(topic: string, partition: number): Promise<void> {
    const k = key(topic, partition);
    const lookup = this.lookups.get(k);
    if (!lookup) return;
    const outcome = await lookup;
    // A rebalance replaced the lookup while this one ran: wait for the new one.
    if (this.lookups.get(k) !== lookup) return this.ready(topic, partition);
    if (outcome.ok) {
      this.lookups.delete(k);
      return;
    }
    this.lookups.set(k, this.lookUp(topic, partition));
    throw outcome.error;
  }

  private lookUp(topic: string, partition: number): Lookup {
    return this.resumeFrom(topic, partition).then(
      (stored) => {
        if (stored !== undefined) this.seek(topic, partition, (BigInt(stored) + 1n).toString());
        return { ok: true } as const;
      },
      (error: unknown) => ({ ok: false, error }) as const,
    );
  }
}

const key = (topic: string, partition: number) => `${topic}:${partition}`;
