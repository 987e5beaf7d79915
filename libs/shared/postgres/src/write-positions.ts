/**
 * Per organization, the primary's WAL position after the last write this process waited
 * for (read-your-writes): a replica that has replayed it shows that write. Entries leave
 * once a read saw the replica past them, so the map holds only organizations written
 * within the replica's lag. It is bounded: the oldest entry beyond `maxOrganizations` is
 * folded into a floor that every read must see instead of being forgotten, so eviction
 * costs at worst a wait, never a stale read (the floor is old: the replica is almost
 * always past it, and that is known without a query).
 */
export class WritePositions {
  private readonly byOrganization = new Map<string, bigint>();
  private floor = 0n;

  constructor(private readonly maxOrganizations = 10_000) {}

  remember(organizationId: string, position: bigint): void {
    const known = this.byOrganization.get(organizationId);
    // Re-inserted so that the map's order stays the order of the last writes: the first entry is the oldest.
    this.byOrganization.delete(organizationId);
    this.byOrganization.set(organizationId, known !== undefined && known > position ? known : position);
    if (this.byOrganization.size <= this.maxOrganizations) return;
    const [oldest, oldestPosition] = this.byOrganization.entries().next().value as [string, bigint];
    this.byOrganization.delete(oldest);
    if (oldestPosition > this.floor) this.floor = oldestPosition;
  }

  /** The position a replica must have replayed before it may answer a read of `organizationId`. */
  required(organizationId: string): bigint {
    const position = this.byOrganization.get(organizationId);
    return position !== undefined && position > this.floor ? position : this.floor;
  }

  /** A replica has replayed `replayed`: the organization's entry is no longer needed if it is covered. */
  covered(organizationId: string, replayed: bigint): void {
    const position = this.byOrganization.get(organizationId);
    if (position !== undefined && position <= replayed) this.byOrganization.delete(organizationId);
  }

  get size(): number {
    return this.byOrganization.size;
  }
}
