import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { findUserById } from '@weft/read-model-users';
import { GetMeQuery, type MeResponse } from './get-me.query.js';

/** Reads the `users` read model only; commands wait for it, so a client sees its own sign-up. */
@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  async execute({ userId }: GetMeQuery): Promise<MeResponse> {
    const user = await findUserById(this.db, userId);
    if (user === undefined || !user.isActive) throw new UserError('not_found', 'user.not_found', 'No such user.');
    return { id: user.id, name: user.name, email: user.email, role: user.role, currentOrganizationId: user.currentOrganizationId, organizations: [] };
  }
}
