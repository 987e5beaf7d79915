import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '@weft/http';
import { PLAN_DESCRIPTION_MAX_LENGTH, PLAN_INTERVALS, PLAN_NAME_MAX_LENGTH, type PlanInterval } from '@weft/billing-domain';

/** The terms of a plan in a body (the decider checks the ranges and the limits' names, naming the field). */
export class PlanTermsDto {
  @ApiPropertyOptional({ example: 'Team', maxLength: PLAN_NAME_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(PLAN_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ maxLength: PLAN_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Integer minor units of the currency per interval (2900 = $29.00).', example: 2900 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  price?: number;

  @ApiPropertyOptional({ example: 'usd', description: 'ISO 4217, lower case.' })
  @IsOmittable()
  @Matches(/^[a-z]{3}$/, { message: 'currency must be a lower-case ISO 4217 code such as usd' })
  currency?: string;

  @ApiPropertyOptional({ enum: PLAN_INTERVALS })
  @IsOmittable()
  @IsIn(PLAN_INTERVALS)
  interval?: PlanInterval;

  @ApiPropertyOptional({ minimum: 1, maximum: 36 })
  @IsOmittable()
  @IsInt()
  intervalCount?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 365 })
  @IsOmittable()
  @IsInt()
  trialDays?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @IsArray()
  @IsString({ each: true })
  features?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description: 'workflows, executions_per_month, team_members, credentials, storage_gb, api_calls_per_hour; null = unlimited.',
  })
  @IsOmittable()
  @IsObject()
  limits?: Record<string, number | null>;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  sortOrder?: number;
}

/** The body of `POST /api/v1/billing/plans`. */
export class AddPlanDto extends PlanTermsDto {
  @ApiProperty({ example: 'team', description: 'Lower-case letters, digits and inner dashes; names the plan for good.' })
  @IsString()
  @MaxLength(63)
  slug!: string;

  @ApiProperty({ example: 'Team', maxLength: PLAN_NAME_MAX_LENGTH })
  @IsString()
  @MaxLength(PLAN_NAME_MAX_LENGTH)
  declare name: string;

  @ApiProperty({ example: 2900 })
  @IsInt()
  @Min(0)
  declare price: number;
}
