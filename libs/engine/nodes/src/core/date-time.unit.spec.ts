import { type JsonValue } from '@weft/engine-core';
import { importN8nWorkflow } from '../n8n/import.js';
import { chain, execute, jsonOf } from './harness.js';

const now = Date.UTC(2026, 0, 15, 10, 30);

/** One dateTime node in a workflow of `timezone`, run at `now`. */
async function dateTime(timezone: string, properties: Record<string, JsonValue>): Promise<unknown[]> {
  const workflow = chain({ id: 'd', type: 'dateTime', properties: { includeInputFields: false, ...properties } });
  const result = await execute({ ...workflow, settings: { timezone } }, { now });
  expect(result.error).toBeUndefined();
  return jsonOf(result);
}

describe('dateTime with DateTimes from expressions and dates with offsets (n8n dateTime v2)', () => {
  const format = (date: string, extra: Record<string, JsonValue> = {}) => ({
    operation: 'formatDate',
    date,
    format: 'yyyy-MM-dd HH:mm',
    timezone: 'UTC',
    ...extra,
  });

  it.each([
    ["$now formats in its own zone (the workflow's), not the node's", 'America/New_York', format('{{ $now }}'), '2026-01-15 05:30'],
    ["$today is the start of the day in the workflow's zone", 'Asia/Tokyo', format('{{ $today }}'), '2026-01-15 00:00'],
    ['a DateTime moved to another zone formats there', 'UTC', format("{{ $now.setZone('Asia/Kolkata') }}"), '2026-01-15 16:00'],
    ['a DateTime computed from $now keeps its zone', 'Europe/Berlin', format('{{ $now.plus({hours: 2}) }}'), '2026-01-15 13:30'],
    ['a string of $now is read by its offset with keepOffset', 'Europe/Berlin', format('{{ $now.toISO() }}', { keepOffset: true }), '2026-01-15 11:30'],
    ['a +hh:mm offset is kept, minutes included', 'UTC', format('2026-01-15T10:30:00+05:30', { keepOffset: true }), '2026-01-15 10:30'],
    ['a +hhmm offset is kept', 'UTC', format('2026-01-15T10:30:00.000+0200', { keepOffset: true }), '2026-01-15 10:30'],
    ["a -hh:mm offset is read in the node's zone, as n8n does", 'UTC', format('2026-01-15T10:30:00-05:00', { keepOffset: true }), '2026-01-15 15:30'],
    ["without keepOffset a string is read in the node's zone", 'UTC', format('2026-01-15T10:30:00+05:30', { timezone: 'Europe/Berlin' }), '2026-01-15 06:00'],
    ['a DateTime turned into text is a string, read by its offset', 'Asia/Tokyo', format('{{ String($now) }}', { keepOffset: true }), '2026-01-15 19:30'],
    ["DateTime.now() is the run's $now in the workflow's zone", 'America/New_York', format('{{ DateTime.now() }}'), '2026-01-15 05:30'],
    [
      "DateTime.fromISO reads a string without offset in the workflow's zone",
      'Asia/Tokyo',
      format("{{ DateTime.fromISO('2026-01-15T08:00:00') }}"),
      '2026-01-15 08:00',
    ],
  ])('formatDate: %s', async (_name, timezone, properties, expected) => {
    expect(await dateTime(timezone, properties)).toEqual([{ formattedDate: expected }]);
  });

  it.each([
    ['adds in the zone of a DateTime and writes its offset', 'America/New_York', "{{ $now.setZone('Asia/Tokyo') }}", '2026-01-16T19:30:00.000+09:00'],
    ["adds to $now in the workflow's zone", 'America/New_York', '{{ $now }}', '2026-01-16T05:30:00.000-05:00'],
  ])('addToDate: %s', async (_name, timezone, date, expected) => {
    expect(await dateTime(timezone, { operation: 'addToDate', date, duration: 1, unit: 'days' })).toEqual([{ newDate: expected }]);
  });

  it("expressions of a set node read DateTime.now(), $now and $today in the workflow's zone, on the run's clock", async () => {
    const fields = [
      { name: 'hour', type: 'number', value: '{{ DateTime.now().hour }}' },
      { name: 'hh', type: 'string', value: "{{ $now.toFormat('HH') }}" },
      { name: 'today', type: 'string', value: '{{ $today.toISO() }}' },
    ];
    const workflow = chain({ id: 's', type: 'set', properties: { fields, keepOnlySet: true } });
    const result = await execute({ ...workflow, settings: { timezone: 'Asia/Tokyo' } }, { now });
    expect(jsonOf(result)).toEqual([{ hour: 19, hh: '19', today: '2026-01-15T00:00:00.000+09:00' }]);
  });

  it("an imported n8n formatDate of {{ $now }} formats in the workflow's zone, of a string in UTC or its + offset", async () => {
    const formatNode = (name: string, date: string, y: number) => ({
      name,
      type: 'n8n-nodes-base.dateTime',
      typeVersion: 2,
      position: [200 * y, 0] as [number, number],
      parameters: { operation: 'formatDate', date, format: 'custom', customFormat: 'HH:mm', outputFieldName: name, options: { includeInputFields: true } },
    });
    const { workflow } = importN8nWorkflow({
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        formatNode('now', '={{ $now }}', 1),
        formatNode('utc', '2026-01-15T10:30:00Z', 2),
        formatNode('plus', '2026-01-15T10:30:00+02:00', 3),
      ],
      connections: {
        Start: { main: [[{ node: 'now', type: 'main', index: 0 }]] },
        now: { main: [[{ node: 'utc', type: 'main', index: 0 }]] },
        utc: { main: [[{ node: 'plus', type: 'main', index: 0 }]] },
      },
      settings: { executionOrder: 'v1', timezone: 'America/New_York' },
    });
    const result = await execute(workflow, { now });
    expect(jsonOf(result)).toEqual([{ now: '05:30', utc: '10:30', plus: '10:30' }]);
  });
});
