import { createHash } from 'node:crypto';
import { streamIdOf } from '@weft/kernel';
import { normalizeEmail } from '@weft/identity-domain';

export const userStreamId = (userId: string) => streamIdOf('identity', 'User', userId);
export const refreshFamilyStreamId = (familyId: string) => streamIdOf('identity', 'RefreshTokenFamily', familyId);

/** One stream per normalised email, named by its sha256 so the address itself is not in the stream id. */
export const emailReservationStreamId = (email: string) => streamIdOf('identity', 'EmailReservation', createHash('sha256').update(normalizeEmail(email), 'utf8').digest('hex'));
