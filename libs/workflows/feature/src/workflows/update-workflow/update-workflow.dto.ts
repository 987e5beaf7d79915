import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { CreateWorkflowDto } from '../create-workflow/create-workflow.dto.js';
import { type UpdateWorkflowInput } from './update-workflow.command.js';

/** The editable fields of a create, all optional, plus the version the client edited. */
export class UpdateWorkflowDto
  extends PartialType(PickType(CreateWorkflowDto, ['name', 'description', 'teamId', 'nodes', 'connections', 'settings', 'tags'] as const))
  implements UpdateWorkflowInput
{
  @ApiProperty({ description: 'The version you edited; a stale one is 409.' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}
