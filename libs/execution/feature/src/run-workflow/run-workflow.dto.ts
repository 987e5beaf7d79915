import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

/** The body of `POST /api/v1/orgs/{orgId}/workflows/{workflowId}/run`. */
export class RunWorkflowDto {
  @ApiPropertyOptional({
    description: "The trigger's output: an object is one item's json, an array one item per element.",
    oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }],
  })
  @IsOptional()
  input?: unknown;

  @ApiPropertyOptional({ description: 'Answer once the run ended (200 with the execution) instead of at once (202).', default: false })
  @IsOptional()
  @IsBoolean()
  wait?: boolean;
}

export class RunAcceptedDto {
  @ApiProperty() executionId!: string;
  @ApiProperty({ enum: ['running'] }) status!: string;
}
