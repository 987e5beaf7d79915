import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** The optional body of `POST .../workflows/{workflowId}/publish` (its name is the OpenAPI schema's). */
export class VersionedCommandDto {
  @ApiPropertyOptional({ description: 'When given, the version the command applies to; a stale one is 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
