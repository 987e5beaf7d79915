import { lastRecordEnd, parseLsn } from './wal-position.js';

const BLOCK = 8192n;
const SEGMENT = 16n * 1024n * 1024n;

describe('WAL positions', () => {
  it('reads pg_lsn text as a number that orders as PostgreSQL does', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('0/3016038')).toBe(0x3016038n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(() => parseLsn('nonsense')).toThrow('Not a WAL position');
  });

  it('takes the position after a fresh page header back to where the last record ended (what replay reports)', () => {
    expect(lastRecordEnd(3n * BLOCK + 24n, BLOCK, SEGMENT)).toBe(3n * BLOCK);
    expect(lastRecordEnd(2n * SEGMENT + 40n, BLOCK, SEGMENT)).toBe(2n * SEGMENT);
    // Past a page's header with a record (or a continued one) on it: a real position.
    expect(lastRecordEnd(3n * BLOCK + 40n, BLOCK, SEGMENT)).toBe(3n * BLOCK + 40n);
    expect(lastRecordEnd(3n * BLOCK + 1000n, BLOCK, SEGMENT)).toBe(3n * BLOCK + 1000n);
  });
});
