import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/orgs/{orgId}/billing/subscription`. */
export class ChangeSubscriptionPlanDto {
  @ApiProperty({ example: 'pro', description: 'An offered plan (GET /api/v1/billing/plans).' })
  @IsString()
  @MaxLength(63)
  planSlug!: string;
}
