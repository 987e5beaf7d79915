import { type RecordedEvent } from '@weft/kernel';
import { decodeEvent, encodeByTopic, encodeEvent, topicOfEvent, UnroutableEventError } from './event-codec.js';

const event = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: '0191d3c2-0000-7000-8000-000000000001',
  type: 'WorkflowActivated',
  schemaVersion: 3,
  data: { workflowId: 'w-1', nodes: [{ id: 'n1', params: { deep: [1, 'x', null] } }] },
  metadata: { organizationId: 'org-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', actorId: 'u-1' },
  streamId: 'workflows.Workflow-w-1',
  streamVersion: 4,
  logPosition: { transactionId: '18446744073709551000', position: '9007199254740993' },
  occurredAt: new Date('2026-12-01T21:30:00.123Z'),
  hash: 'f'.repeat(64),
  ...overrides,
});

describe('event codec', () => {
  it('keys a message by stream id and names the event in its headers', () => {
    const message = encodeEvent(event());
    expect(message.key).toBe('workflows.Workflow-w-1');
    expect(message.headers).toEqual({
      'event-id': '0191d3c2-0000-7000-8000-000000000001',
      'event-type': 'WorkflowActivated',
      'schema-version': '3',
      'organization-id': 'org-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });

  it('leaves out the tenant and trace headers of an event without them', () => {
    expect(Object.keys(encodeEvent(event({ metadata: {} })).headers)).toEqual(['event-id', 'event-type', 'schema-version']);
  });

  it('decodes the whole recorded event, occurredAt as a Date and positions exact', () => {
    const original = event();
    const message = encodeEvent(original);
    expect(JSON.parse(message.value)).toMatchObject({ occurredAt: '2026-12-01T21:30:00.123Z', logPosition: original.logPosition });
    const decoded = decodeEvent(message.value);
    expect(decoded).toEqual(original);
    expect(decoded.occurredAt).toBeInstanceOf(Date);
  });

  it('refuses a value that is not an encoded event', () => {
    expect(() => decodeEvent('{"hello":"world"}')).toThrow(/not an encoded RecordedEvent/);
    expect(() => decodeEvent(JSON.stringify({ ...JSON.parse(encodeEvent(event()).value), occurredAt: 'yesterday' }))).toThrow(/occurredAt/);
    expect(() => decodeEvent('not json')).toThrow(SyntaxError);
  });

  it('routes by the context in the stream id, with a topic prefix', () => {
    expect(topicOfEvent(event())).toBe('weft.workflows.events');
    expect(topicOfEvent(event(), 'weft.test.abc')).toBe('weft.test.abc.workflows.events');
  });

  it('fails the whole batch on an event whose stream names no context', () => {
    const orphan = event({ streamId: 'Workflow-w-1', eventId: 'e-orphan' });
    expect(() => encodeByTopic([event(), orphan])).toThrow(UnroutableEventError);
    expect(() => encodeByTopic([orphan])).toThrow("event e-orphan: stream id 'Workflow-w-1' names no context");
  });

  it('groups a batch by topic, keeping its order within each topic', () => {
    const batch = [event({ eventId: 'a' }), event({ eventId: 'b', streamId: 'billing.Invoice-1' }), event({ eventId: 'c' })];
    const byTopic = encodeByTopic(batch);
    expect([...byTopic.keys()]).toEqual(['weft.workflows.events', 'weft.billing.events']);
    expect(byTopic.get('weft.workflows.events')!.map((m) => m.headers['event-id'])).toEqual(['a', 'c']);
  });
});
