import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type Database, type QueryDatabase } from '@weft/postgres';
import { AccessCheck, AccessGuard, ForwardedHttpController, HealthModule } from '@weft/http';
import { DatabaseModule } from './database.module.js';

/**
 * The root module of a Weft process: health, the database, the access guard, the end of
 * the gateway link (answers only where the process listens for it: `SERVICE_RPC_PORT`),
 * and the app's own modules.
 */
@Module({})
export class ServiceModule {
  static register(
    deps: { readonly database: Database; readonly queryDatabase?: QueryDatabase },
    imports: NonNullable<ModuleMetadata['imports']> = [],
  ): DynamicModule {
    return {
      module: ServiceModule,
      imports: [HealthModule, DatabaseModule.forRoot(deps.database, deps.queryDatabase), ...imports],
      controllers: [ForwardedHttpController],
      providers: [AccessCheck, { provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
