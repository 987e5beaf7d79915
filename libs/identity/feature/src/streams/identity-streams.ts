import { createHash } from 'node:crypto';
import { streamIdOf } from '@weft/kernel';
import { normalizeEmail } from '@weft/identity-domain';

// Identity's streams, named in one place. All private to identity: the relay publishes
// only the contracts' published form of their events (@weft/contracts publication.ts).

export const userStreamId = (userId: string) => streamIdOf('identity', 'User', userId);
export const refreshFamilyStreamId = (familyId: string) => streamIdOf('identity', 'RefreshTokenFamily', familyId);
/** A user's session index: the families "end every session" has to revoke. */
export const userSessionsStreamId = (userId: string) => streamIdOf('identity', 'UserSessions', userId);
export const apiKeyStreamId = (apiKeyId: string) => streamIdOf('identity', 'ApiKey', apiKeyId);

/** One stream per normalised email, named by its sha256 so the address itself is not in the stream id. */
export const emailReservationStreamId = (email: string) =>
  streamIdOf('identity', 'EmailReservation', createHash('sha256').update(normalizeEmail(email), 'utf8').digest('hex'));
