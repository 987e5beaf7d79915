import { ApiProperty } from '@nestjs/swagger';

export class UsageMeasure {
  @ApiProperty({ description: 'What is used now (in the window, for runs and API calls).' })
  used!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The plan limit; null is unlimited.' })
  limit!: number | null;
}

/** `GET .../billing/usage` (api.md, Billing). */
export class UsageView {
  @ApiProperty({ description: 'The usage window runs count in: the monthly billing period, else the UTC calendar month.' })
  periodStart!: string;

  @ApiProperty()
  periodEnd!: string;

  @ApiProperty({ type: UsageMeasure, description: 'Runs queued in the window (metered from the event log).' })
  executions!: UsageMeasure;

  @ApiProperty({ type: UsageMeasure })
  workflows!: UsageMeasure;

  @ApiProperty({ type: UsageMeasure })
  teamMembers!: UsageMeasure;

  @ApiProperty({ type: UsageMeasure })
  credentials!: UsageMeasure;

  @ApiProperty({ type: UsageMeasure, description: 'Bytes of events and execution payloads, as last measured; the limit in bytes (storage_gb × 10^9).' })
  storageBytes!: UsageMeasure;

  @ApiProperty({ type: UsageMeasure, description: 'API calls this UTC hour, counted where requests enter.' })
  apiCallsThisHour!: UsageMeasure;
}
