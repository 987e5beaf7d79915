import { Body, Controller, Get, Patch, Req, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { USER_NAME_MAX_LENGTH } from '@weft/identity-domain';
import { IsOmittable } from '@weft/nest';
import { CurrentUser, JwtAuthGuard } from '../auth/jwt-auth.guard.js';
import { type AuthenticatedUser } from '../auth/jwt.strategy.js';
import { GetMeQuery, type MeResponse } from './get-me.query.js';
import { UpdateMeHandler } from './update-me.handler.js';

export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: USER_NAME_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(USER_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'One of your organizations, or null.' })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsUUID()
  currentOrganizationId?: string | null;
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly queries: QueryBus,
    private readonly updates: UpdateMeHandler,
  ) {}

  @Get()
  @UseGuards(JwtAuthGuard)
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponse> {
    return this.queries.execute(new GetMeQuery(user.userId));
  }

  @Patch()
  @UseGuards(JwtAuthGuard)
  async update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto, @Req() request: FastifyRequest): Promise<MeResponse> {
    await this.updates.execute(user.userId, body, request.id);
    return this.queries.execute(new GetMeQuery(user.userId));
  }
}
