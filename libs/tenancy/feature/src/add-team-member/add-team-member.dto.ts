import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { TEAM_ROLES, type TeamRole } from '@weft/tenancy-domain';

/** The body of `POST /api/v1/orgs/{orgId}/teams/{teamId}/members`. */
export class AddTeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ enum: TEAM_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(TEAM_ROLES)
  role?: TeamRole;
}
