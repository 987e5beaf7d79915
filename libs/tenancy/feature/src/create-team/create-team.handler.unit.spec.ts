import { randomUUID } from 'node:crypto';
import { type EventStreamStore, type NewEvent, type RecordedEvent, UserError, type TenantContext } from '@weft/kernel';
import { type ReadYourWrites } from '@weft/nest';
import { type Database } from '@weft/postgres';
import { PlanRoom } from '../limits/plan-room.js';
import { type ReadModelMembershipDirectory } from '../ports/membership-directory.js';
import { SlugClaims } from '../slugs/slug-claims.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { CreateTeamCommand } from './create-team.command.js';
import { CreateTeamHandler } from './create-team.handler.js';

// The orchestration the handler owns: reserve the slug, create the team, and give the
// slug back when the Team aggregate refuses (compensation). Real deciders, an in-memory store.

function memoryStore(): EventStreamStore & { streams: Map<string, RecordedEvent[]> } {
  const streams = new Map<string, RecordedEvent[]>();
  return {
    streams,
    readStream: async (streamId) => [...(streams.get(streamId) ?? [])],
    append: async (streamId, events: readonly NewEvent[]) => {
      const stream = streams.get(streamId) ?? [];
      for (const event of events)
        stream.push({
          ...event,
          streamId,
          streamVersion: stream.length,
          logPosition: { transactionId: '1', position: '1' },
          occurredAt: new Date(),
          hash: '',
        } as RecordedEvent);
      streams.set(streamId, stream);
      return { streamVersion: stream.length - 1, logPosition: { transactionId: '1', position: '1' } };
    },
  };
}

function handler() {
  const store = memoryStore();
  const readYourWrites = { afterCommand: async () => true } as unknown as ReadYourWrites;
  const memberships = { forgetOrganization: () => undefined } as unknown as ReadModelMembershipDirectory;
  const streams = new TenancyStreams(store, readYourWrites, memberships);
  // No plan limit on teams: the room check answers without a query.
  const room = new PlanRoom({ limitOf: async () => null, limitsOf: async () => ({}) as never }, {} as Database);
  return { store, handler: new CreateTeamHandler(streams, new SlugClaims(streams), {} as Database, room) };
}

const organizationId = randomUUID();
const context: TenantContext = {
  organizationId,
  actor: { type: 'user', id: randomUUID() },
  correlationId: 'req-1',
  clientIp: '203.0.113.7',
  userAgent: 'test',
};
const slugStream = `tenancy.TeamSlug-${organizationId}.platform`;

describe('creating a team', () => {
  it('gives the reserved slug back when the Team aggregate refuses the creation', async () => {
    const { store, handler: createTeam } = handler();
    // A plain member holds no team:manage: the Team decider refuses after the slug was reserved.
    const refused = createTeam.execute(new CreateTeamCommand(context, 'member', { name: 'Platform' }));
    await expect(refused).rejects.toBeInstanceOf(UserError);
    expect(store.streams.get(slugStream)?.map((event) => event.type)).toEqual(['SlugReserved', 'SlugReleased']);
    expect([...store.streams.keys()].filter((id) => id.startsWith('tenancy.Team-'))).toEqual([]);
  });

  it('records the request context on the events (actor, organization, correlation, client)', async () => {
    const { store, handler: createTeam } = handler();
    await expect(createTeam.execute(new CreateTeamCommand(context, 'member', { name: 'Platform' }))).rejects.toThrow();
    expect(store.streams.get(slugStream)?.[0]?.metadata).toMatchObject({
      organizationId,
      actorId: context.actor.id,
      actorType: 'user',
      correlationId: 'req-1',
      clientIp: '203.0.113.7',
      userAgent: 'test',
    });
  });
});
