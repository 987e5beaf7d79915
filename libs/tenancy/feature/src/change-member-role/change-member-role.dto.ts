import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '@weft/tenancy-domain';

/** The body of `PATCH /api/v1/orgs/{orgId}/members/{userId}`. */
export class ChangeMemberRoleDto {
  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role!: OrganizationRole;
}
