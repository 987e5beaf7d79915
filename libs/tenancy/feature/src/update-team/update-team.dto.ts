import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateTeamDto } from '../create-team/create-team.dto.js';

/**
 * The body of `PATCH /api/v1/orgs/{orgId}/teams/{teamId}`: everything of a create but the
 * slug (it never changes), all optional; null only where the create allows it (a
 * description or settings), never for the name.
 */
export class UpdateTeamDto extends PartialType(OmitType(CreateTeamDto, ['slug'] as const), { skipNullProperties: false }) {}
