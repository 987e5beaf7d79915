import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '@weft/orm';
import { Database } from '@weft/postgres';
import { loadWorkflowsEntities } from '@weft/read-model-workflows';

/**
 * The workflows context's MikroORM, on the process's connections, for its reads that go
 * through the EntityManager (docs/read-models-orm.md: low-rate single-row tenant reads).
 * Made once, when the first read needs it (MikroORM itself is loaded then), so processes that never read this way pay nothing.
 */
@Injectable()
export class WorkflowsOrm implements OnApplicationShutdown {
  private orm: Promise<MikroORM> | undefined;

  constructor(@Inject(Database) private readonly db: Database) {}

  get(): Promise<MikroORM> {
    this.orm ??= loadWorkflowsEntities()
      .then((entities) => createOrm(this.db, entities))
      .catch((error: unknown) => {
        this.orm = undefined; // the next read tries again
        throw error;
      });
    return this.orm;
  }

  async onApplicationShutdown(): Promise<void> {
    const orm = await this.orm?.catch(() => undefined);
    await orm?.close();
  }
}
