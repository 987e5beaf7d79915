import { UserError } from '@weft/kernel';

/** One answer for every invitation that cannot be named: unknown, junk, another organization's. */
export const invitationNotFound = () => new UserError('not_found', 'organization.invitation_not_found', 'No such invitation.');
