import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, JwtAuthGuard } from '../auth/jwt-auth.guard.js';
import { type AuthenticatedUser } from '../auth/jwt.strategy.js';
import { GetMeQuery, type MeResponse } from './get-me.query.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class GetMeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @UseGuards(JwtAuthGuard)
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponse> {
    return this.queries.execute(new GetMeQuery(user.userId));
  }
}
