import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  WORKFLOW_DESCRIPTION_MAX_LENGTH,
  WORKFLOW_MAX_TAGS,
  WORKFLOW_NAME_MAX_LENGTH,
  WORKFLOW_SLUG_MAX_LENGTH,
  type WorkflowConnection,
  type WorkflowNode,
} from '@weft/workflows-domain';
import { type CreateWorkflowInput } from './create-workflow.command.js';

// Shapes only: the graph's rules (node types, ports, cycles, webhooks) are the engine's,
// checked by the handler with one problem per node and field (422).

/** The body of `POST /api/v1/orgs/{orgId}/workflows`. */
export class CreateWorkflowDto implements CreateWorkflowInput {
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
