import { Inject, Injectable } from '@nestjs/common';
import { type UserDirectory, type UserSummary } from '@weft/ports';
import { Database } from '@weft/postgres';
import { findUsersByIds } from '@weft/read-model-users';

/** Identity's `USER_DIRECTORY` port: names and emails from the users read model, one query per call. */
@Injectable()
export class ReadModelUserDirectory implements UserDirectory {
  constructor(@Inject(Database) private readonly db: Database) {}

  async usersByIds(userIds: readonly string[]): Promise<ReadonlyMap<string, UserSummary>> {
    const users = await findUsersByIds(this.db, userIds);
    return new Map(users.map((user) => [user.id, { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified }]));
  }
}
