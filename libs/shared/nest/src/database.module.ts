import { type DynamicModule, Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Database, QueryDatabase } from '@weft/postgres';
import { HealthModule, ReadinessRegistry } from '@weft/http';

/**
 * Makes the process's `Database` (the primary) and `QueryDatabase` (what the query APIs
 * read: the replica or the primary) injectable and part of readiness. A replica that
 * fails makes the service degraded, not unready: its reads go to the primary.
 */
@Global()
@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(QueryDatabase) private readonly queries: QueryDatabase,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(db: Database, queries = QueryDatabase.primaryOnly(db)): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [HealthModule],
      providers: [
        { provide: Database, useValue: db },
        { provide: QueryDatabase, useValue: queries },
      ],
      exports: [Database, QueryDatabase],
    };
  }

  onModuleInit(): void {
    this.readiness.register('database', async () => {
      await this.db.query('select 1');
    });
    if (this.queries.replica === undefined) return;
    this.readiness.register('readReplica', async () => {
      const state = await this.queries.replicaState();
      return state === undefined || state.serving
        ? undefined
        : { degraded: `${state.reason} (since ${state.since.toISOString()}); the query APIs read the primary` };
    });
  }
}
