import { type DynamicModule, Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Database } from '@weft/postgres';
import { HealthModule, ReadinessRegistry } from '@weft/http';

/** Makes the process's one `Database` injectable and part of readiness. */
@Global()
@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    @Inject(Database) private readonly db: Database,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(db: Database): DynamicModule {
    return { module: DatabaseModule, imports: [HealthModule], providers: [{ provide: Database, useValue: db }], exports: [Database] };
  }

  onModuleInit(): void {
    this.readiness.register('database', async () => {
      await this.db.query('select 1');
    });
  }
}
