import { type PublicEvent } from '../public-event.js';

/** Roles inside a team (independent of the organization role). */
export type TeamRole = 'lead' | 'member';

/** Free-form team settings (JSON object). */
export type TeamSettings = Readonly<Record<string, unknown>>;

/** The slug is unique within the organization (enforced by the tenancy feature, not by this event). */
export const TeamCreatedSchemaVersion = 1;
export interface TeamCreatedData {
  readonly teamId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  /** `#rrggbb`. */
  readonly color: string;
  readonly settings: TeamSettings;
  readonly createdBy: string;
  readonly createdAt: string;
}
export type TeamCreated = PublicEvent<'TeamCreated', TeamCreatedData>;

/** Only the changed fields are present; the slug never changes. */
export const TeamUpdatedSchemaVersion = 1;
export interface TeamUpdatedData {
  readonly teamId: string;
  readonly organizationId: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly color?: string;
  readonly settings?: TeamSettings;
  readonly updatedBy: string;
  readonly updatedAt: string;
}
export type TeamUpdated = PublicEvent<'TeamUpdated', TeamUpdatedData>;

export const TeamDeletedSchemaVersion = 1;
export interface TeamDeletedData {
  readonly teamId: string;
  readonly organizationId: string;
  readonly deletedBy: string;
  readonly deletedAt: string;
}
export type TeamDeleted = PublicEvent<'TeamDeleted', TeamDeletedData>;

/** An upsert: adding a current member with another role changes their role. */
export const TeamMemberAddedSchemaVersion = 1;
export interface TeamMemberAddedData {
  readonly teamId: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly role: TeamRole;
  readonly addedBy: string;
  readonly addedAt: string;
}
export type TeamMemberAdded = PublicEvent<'TeamMemberAdded', TeamMemberAddedData>;

export const TeamMemberRemovedSchemaVersion = 1;
export interface TeamMemberRemovedData {
  readonly teamId: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly removedBy: string;
  readonly removedAt: string;
}
export type TeamMemberRemoved = PublicEvent<'TeamMemberRemoved', TeamMemberRemovedData>;

/** Every public event of the Team aggregate. */
export type PublicTeamEvent = TeamCreated | TeamUpdated | TeamDeleted | TeamMemberAdded | TeamMemberRemoved;
