import { UserError } from '@weft/kernel';
import { SINCE_MAX_DAYS, sinceMs, statsWindow } from './stats-window.js';

const now = new Date('2026-06-10T12:34:56.789Z');
const refusal = (query: Parameters<typeof statsWindow>[0]) => {
  try {
    statsWindow(query, now);
  } catch (error) {
    return error instanceof UserError ? { kind: error.kind, code: error.code, fields: error.details.errors?.map((e) => e.field) } : error;
  }
  return undefined;
};

describe('since', () => {
  it('reads minutes, hours and days', () => {
    expect(sinceMs('90m')).toBe(90 * 60_000);
    expect(sinceMs('24h')).toBe(86_400_000);
    expect(sinceMs('7d')).toBe(7 * 86_400_000);
    expect(sinceMs('1m')).toBe(60_000);
    expect(sinceMs(`${SINCE_MAX_DAYS}d`)).toBe(SINCE_MAX_DAYS * 86_400_000);
    expect(sinceMs(`${SINCE_MAX_DAYS * 24}h`)).toBe(SINCE_MAX_DAYS * 86_400_000);
    expect(sinceMs(`${SINCE_MAX_DAYS * 24 * 60}m`)).toBe(SINCE_MAX_DAYS * 86_400_000);
  });

  it('refuses anything else, and more than the maximum', () => {
    for (const bad of [
      '',
      '24',
      'h',
      '0h',
      '-1h',
      '+1h',
      '1.5h',
      '1H',
      '1w',
      '1s',
      '01h',
      ' 1h',
      '1h ',
      '1 h',
      '24hours',
      '1d1h',
      'P1D',
      `${SINCE_MAX_DAYS + 1}d`,
      `${SINCE_MAX_DAYS * 24 + 1}h`,
      '99999999999999999999999d',
    ])
      expect({ bad, ms: sinceMs(bad) }).toEqual({ bad, ms: undefined });
  });
});

describe('statsWindow', () => {
  it('is [now - since, now) for since', () => {
    expect(statsWindow({ since: '90m' }, now)).toEqual({ from: '2026-06-10T11:04:56.789Z', to: '2026-06-10T12:34:56.789Z' });
    expect(statsWindow({ since: '7d' }, now)).toEqual({ from: '2026-06-03T12:34:56.789Z', to: '2026-06-10T12:34:56.789Z' });
  });

  it('keeps from/to as given, to defaulting to now and from to 24 hours before to', () => {
    expect(statsWindow({}, now)).toEqual({ from: '2026-06-09T12:34:56.789Z', to: '2026-06-10T12:34:56.789Z' });
    expect(statsWindow({ to: '2026-06-01T00:00:00Z' }, now)).toEqual({ from: '2026-05-31T00:00:00.000Z', to: '2026-06-01T00:00:00Z' });
    expect(statsWindow({ from: '2026-06-01T00:00:00+02:00' }, now)).toEqual({ from: '2026-06-01T00:00:00+02:00', to: '2026-06-10T12:34:56.789Z' });
    expect(statsWindow({ from: '2026-06-02', to: '2026-06-01' }, now)).toEqual({ from: '2026-06-02', to: '2026-06-01' });
  });

  it('refuses since with from or to, a bad since, and a to it cannot count back from, as validation errors naming the field', () => {
    expect(refusal({ since: '24h', from: '2026-06-01T00:00:00Z' })).toEqual({ kind: 'validation', code: 'stats.window_ambiguous', fields: ['since'] });
    expect(refusal({ since: '24h', to: '2026-06-01T00:00:00Z' })).toEqual({ kind: 'validation', code: 'stats.window_ambiguous', fields: ['since'] });
    expect(refusal({ since: '2y' })).toEqual({ kind: 'validation', code: 'stats.since_invalid', fields: ['since'] });
    expect(refusal({ since: '367d' })).toEqual({ kind: 'validation', code: 'stats.since_invalid', fields: ['since'] });
    expect(refusal({ to: '2009-W01-1' })).toEqual({ kind: 'validation', code: 'stats.window_invalid', fields: ['to'] });
  });
});
