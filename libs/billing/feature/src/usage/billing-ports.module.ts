import { type DynamicModule, Module } from '@nestjs/common';
import { API_CALL_METER, RUN_METER } from '@weft/ports';
import { HourlyApiCallMeter } from './hourly-api-call-meter.js';
import { MeteredRuns } from './metered-runs.js';

export interface BillingPortsOptions {
  /** Where requests enter (the gateway; the platform in the embedded mode): API calls are counted here, and only here. */
  readonly edge: boolean;
}

/**
 * Billing's ports for the other contexts: `RUN_METER` (the monthly run limit, where runs
 * start) and, at the edge only, `API_CALL_METER` (the access check counts each call of
 * an organization there, so a call the gateway and then a service check counts once).
 * Needs `Database` and `PLAN_LIMITS` from the process.
 */
@Module({})
export class BillingPortsModule {
  static forRoot({ edge }: BillingPortsOptions): DynamicModule {
    const edgeProviders = edge ? [HourlyApiCallMeter, { provide: API_CALL_METER, useExisting: HourlyApiCallMeter }] : [];
    return {
      module: BillingPortsModule,
      global: true,
      providers: [MeteredRuns, { provide: RUN_METER, useExisting: MeteredRuns }, ...edgeProviders],
      exports: [RUN_METER, ...(edge ? [API_CALL_METER] : [])],
    };
  }
}
