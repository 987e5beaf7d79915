import { Inject, Injectable } from '@nestjs/common';
import { type RunMeter } from '@weft/kernel';
import { Database, withTenant } from '@weft/postgres';
import { isSuspended, meteredRuns, storedBytesOf } from '@weft/read-model-billing';

/** The `RunMeter` port: runs in the organization's usage window (billing's usage read model) and its stored bytes (the storage meter's last measurement). */
@Injectable()
export class MeteredRuns implements RunMeter {
  constructor(@Inject(Database) private readonly db: Database) {}

  async runsInWindow(organizationId: string, now: Date): Promise<number> {
    return (await withTenant(this.db, organizationId, (tx) => meteredRuns(tx, now))).used;
  }

  async storedBytes(organizationId: string): Promise<number> {
    return storedBytesOf(this.db, organizationId);
  }

  async isSuspended(organizationId: string): Promise<boolean> {
    return isSuspended(this.db, organizationId);
  }
}
