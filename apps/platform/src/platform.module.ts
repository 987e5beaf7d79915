import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, HealthModule } from '@weft/nest';
import { type Database } from '@weft/postgres';

/** Everything in one process: the embedded deployment. Contexts join here as they land. */
@Module({})
export class PlatformModule {
  static register(deps: { database: Database }): DynamicModule {
    return { module: PlatformModule, imports: [HealthModule, DatabaseModule.forRoot(deps.database)] };
  }
}
