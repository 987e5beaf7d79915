import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { ORGANIZATION_DIRECTORY, type OrganizationDirectory } from '@weft/ports';
import { Database } from '@weft/postgres';
import { findUserById } from '@weft/read-model-users';
import { GetMeQuery, type MeResponse } from './get-me.query.js';

/**
 * Reads the `users` read model, and asks tenancy for the caller's organizations through
 * its `ORGANIZATION_DIRECTORY` port: identity reads no tenancy table. Commands wait for
 * their read models, so a client sees its own sign-up and the organizations it just
 * created or joined.
 */
@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ORGANIZATION_DIRECTORY) private readonly organizations: OrganizationDirectory,
  ) {}

  async execute({ userId }: GetMeQuery): Promise<MeResponse> {
    const user = await findUserById(this.db, userId);
    if (user === undefined || !user.isActive) throw new UserError('not_found', 'user.not_found', 'No such user.');
    const organizations = await this.organizations.organizationsOf(user.id);
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      emailVerified: user.emailVerified,
      currentOrganizationId: user.currentOrganizationId,
      organizations,
    };
  }
}
