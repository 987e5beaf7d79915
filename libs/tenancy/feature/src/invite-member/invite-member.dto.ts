import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '@weft/tenancy-domain';

/** The body of `POST /api/v1/orgs/{orgId}/invitations`. */
export class InviteMemberDto {
  @ApiProperty({ example: 'grace@example.com' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role!: OrganizationRole;

  @ApiPropertyOptional({ minimum: 1, maximum: 30, description: 'Days until the invitation expires (default from INVITATION_TTL_DAYS).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  expiresInDays?: number;
}
