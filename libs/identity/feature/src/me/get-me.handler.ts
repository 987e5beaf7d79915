import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { organizationsOf } from '@weft/read-model-tenancy';
import { findUserById } from '@weft/read-model-users';
import { GetMeQuery, type MeResponse } from './get-me.query.js';

/**
 * Reads the `users` read model, and the caller's memberships from tenancy's: the read
 * side composes what the contexts keep apart. Commands wait for both, so a client sees
 * its own sign-up and the organizations it just created or joined.
 */
@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  async execute({ userId }: GetMeQuery): Promise<MeResponse> {
    const user = await findUserById(this.db, userId);
    if (user === undefined || !user.isActive) throw new UserError('not_found', 'user.not_found', 'No such user.');
    const organizations = await organizationsOf(this.db, user.id);
    return { id: user.id, name: user.name, email: user.email, role: user.role, emailVerified: user.emailVerified, currentOrganizationId: user.currentOrganizationId, organizations };
  }
}
