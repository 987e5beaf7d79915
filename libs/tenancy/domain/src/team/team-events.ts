import { type DomainEvent } from '@weft/kernel';
import { type TeamRole } from '../roles.js';

// The Team aggregate's events. They are public as they are: @weft/contracts mirrors
// them field for field (tenancy/team-events.ts); change both together.

/** Free-form team settings (a JSON object). */
export type TeamSettings = Readonly<Record<string, unknown>>;

export type TeamCreated = DomainEvent<
  'TeamCreated',
  {
    teamId: string;
    organizationId: string;
    name: string;
    slug: string;
    description: string | null;
    color: string;
    settings: TeamSettings;
    createdBy: string;
    createdAt: string;
  }
>;
/** Only changed fields are present; the slug never changes. */
export type TeamUpdated = DomainEvent<
  'TeamUpdated',
  {
    teamId: string;
    organizationId: string;
    name?: string;
    description?: string | null;
    color?: string;
    settings?: TeamSettings;
    updatedBy: string;
    updatedAt: string;
  }
>;
export type TeamDeleted = DomainEvent<'TeamDeleted', { teamId: string; organizationId: string; deletedBy: string; deletedAt: string }>;
/** An upsert: adding a current member with another role changes their role. */
export type TeamMemberAdded = DomainEvent<
  'TeamMemberAdded',
  { teamId: string; organizationId: string; userId: string; role: TeamRole; addedBy: string; addedAt: string }
>;
export type TeamMemberRemoved = DomainEvent<
  'TeamMemberRemoved',
  { teamId: string; organizationId: string; userId: string; removedBy: string; removedAt: string }
>;

/** Every event of the Team aggregate. */
export type TeamEvent = TeamCreated | TeamUpdated | TeamDeleted | TeamMemberAdded | TeamMemberRemoved;
