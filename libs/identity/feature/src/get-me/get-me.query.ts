import { Query } from '@nestjs/cqrs';

/** The profile of the authenticated user, as `GET /api/v1/me` answers it. */
export interface MeResponse {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly emailVerified: boolean;
  readonly currentOrganizationId: string | null;
  readonly organizations: readonly { readonly id: string; readonly name: string; readonly slug: string; readonly role: string }[];
}

export class GetMeQuery extends Query<MeResponse> {
  constructor(readonly userId: string) {
    super();
  }
}
