import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '@weft/nest';
import { WORKFLOW_DESCRIPTION_MAX_LENGTH, WORKFLOW_MAX_TAGS, WORKFLOW_NAME_MAX_LENGTH, WORKFLOW_SLUG_MAX_LENGTH, type WorkflowConnection, type WorkflowNode } from '@weft/workflows-domain';

// Shapes only: the graph's rules (node types, ports, cycles, webhooks) are the engine's,
// checked by the handler with one problem per node and field (422).

export class CreateWorkflowDto {
  @ApiProperty({ maxLength: WORKFLOW_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(WORKFLOW_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ description: 'Unique in the organization; generated from the name when absent.', maxLength: WORKFLOW_SLUG_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(WORKFLOW_SLUG_MAX_LENGTH)
  slug?: string;

  @ApiPropertyOptional({ maxLength: WORKFLOW_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(WORKFLOW_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'See workflow-format.md.' })
  @IsArray()
  nodes!: WorkflowNode[];

  @ApiProperty({ type: 'array', items: { type: 'object' } })
  @IsArray()
  connections!: WorkflowConnection[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, never>;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WORKFLOW_MAX_TAGS)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isTemplate?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Copy the definition of this template (a workflow of the organization with isTemplate).' })
  @IsOptional()
  @IsUUID()
  fromTemplateId?: string;
}

/** The editable fields of a create, all optional, plus the version the client edited. */
export class UpdateWorkflowDto extends PartialType(PickType(CreateWorkflowDto, ['name', 'description', 'teamId', 'nodes', 'connections', 'settings', 'tags'] as const)) {
  @ApiProperty({ description: 'The version you edited; a stale one is 409.' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class VersionedCommandDto {
  @ApiPropertyOptional({ description: 'When given, the version the command applies to; a stale one is 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ListWorkflowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'published', 'archived'] })
  @IsOptional()
  @IsIn(['draft', 'published', 'archived'])
  status?: 'draft' | 'published' | 'archived';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tag?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  isTemplate?: 'true' | 'false';
}
