import vm from 'node:vm';
import { RUN_LOG_LIMITS } from '@weft/engine-core';
import { type ConsoleCapture, boundConsoleLines, capturedLines, createConsoleCapture } from './console-capture.js';

// The Code node's console bounds: lines and characters per execution (what is left of
// them: the room), each line cut with a marker, one last line counting what was dropped;
// the same capture compiled alone in a fresh context (as the sandbox worker runs it), and
// the host's bound over what a worker sent.

const room = (lines: number, characters: number, lineCharacters = 100) => ({ lines, characters, lineCharacters });

function logAll(capture: ConsoleCapture, count: number, text = (i: number) => `line ${i}`): void {
  for (let i = 0; i < count; i += 1) capture.add('log', [text(i)]);
}

describe('the Code console capture', () => {
  it('formats arguments as the console joins them: strings as they are, values as JSON', () => {
    const capture = createConsoleCapture(RUN_LOG_LIMITS);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    capture.add('info', ['count', 2, { n: [1, 'a'] }, null, undefined, true, function named() {}, 10n]);
    capture.add('warn', [circular]);
    capture.add('debug', []);
    expect(capture.lines).toEqual([
      ['info', 'count 2 {"n":[1,"a"]} null undefined true [Function: named] 10'],
      ['warn', '[object Object]'],
      ['debug', ''],
    ]);
    expect(capturedLines(capture)).toBe(capture.lines);
  });

  it('keeps at most the room’s lines and counts the rest in one last line', () => {
    const capture = createConsoleCapture(room(3, 10_000));
    logAll(capture, 10);
    expect(capture.lines.map(([, message]) => message)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(capture.dropped).toBe(7);
    expect(capturedLines(capture)).toEqual([
      ['log', 'line 0'],
      ['log', 'line 1'],
      ['log', 'line 2'],
      [
        'warn',
        `7 console lines dropped: an execution keeps at most ${RUN_LOG_LIMITS.lines} lines and ${RUN_LOG_LIMITS.characters} characters of console output`,
      ],
    ]);
  });

  it('keeps at most the room’s characters: the line that reaches it is cut, later ones are dropped', () => {
    const capture = createConsoleCapture(room(100, 100, 80));
    logAll(capture, 5, (i) => `${i}`.repeat(30));
    const kept = capture.lines.map(([, message]) => message);
    expect(kept.slice(0, 3)).toEqual(['0'.repeat(30), '1'.repeat(30), '2'.repeat(30)]);
    // 90 characters used: 10 are left, fewer than a marker needs, so the fourth line is dropped too.
    expect(kept).toHaveLength(3);
    expect(capture.dropped).toBe(2);
    const roomier = createConsoleCapture(room(100, 160, 80));
    logAll(roomier, 5, (i) => `${i}`.repeat(60));
    expect(roomier.lines.map(([, message]) => message.length)).toEqual([60, 60, 40]);
    expect(roomier.lines[2]![1]).toMatch(/^2+ … \[cut: 60 characters in all\]$/);
    expect(roomier.dropped).toBe(2);
  });

  it('cuts a long line to the line limit with a marker saying how long it was', () => {
    const capture = createConsoleCapture(room(10, 10_000, 64));
    capture.add('error', ['x'.repeat(1000)]);
    const [[level, message]] = capture.lines as [[string, string]];
    expect(level).toBe('error');
    expect(message).toHaveLength(64);
    expect(message).toBe(`${'x'.repeat(64 - ' … [cut: 1000 characters in all]'.length)} … [cut: 1000 characters in all]`);
  });

  it('replaces what PostgreSQL cannot store (NUL, half a surrogate pair), also where a cut splits a pair', () => {
    const capture = createConsoleCapture(room(10, 10_000, 40));
    capture.add('log', ['a\u0000b \ud800 c \udc00 😀']);
    capture.add('log', [`${'y'.repeat(8)}😀${'z'.repeat(100)}`]);
    expect(capture.lines[0]![1]).toBe('a\ufffdb \ufffd c \ufffd 😀');
    expect(capture.lines[1]![1]).toBe(`${'y'.repeat(8)}\ufffd … [cut: 110 characters in all]`);
  });

  it('drops lines without formatting them once the room is spent', () => {
    const capture = createConsoleCapture(room(1, 1000));
    capture.add('log', ['kept']);
    let formatted = 0;
    const expensive = {
      toJSON: () => {
        formatted += 1;
        return 'formatted';
      },
    };
    capture.add('log', [expensive]);
    expect(capture.dropped).toBe(1);
    expect(formatted).toBe(0);
  });

  it('keeps nothing in a spent room, and reads the room once (user code could change it later)', () => {
    const none = createConsoleCapture(room(0, 1000));
    logAll(none, 3);
    expect(capturedLines(none)).toEqual([['warn', expect.stringMatching(/^3 console lines dropped/)]]);
    const mutable = { lines: 1, characters: 1000, lineCharacters: 100 };
    const capture = createConsoleCapture(mutable);
    mutable.lines = 1_000_000;
    logAll(capture, 3);
    expect(capture.lines).toHaveLength(1);
  });

  it('runs alone in a fresh context, as the sandbox worker compiles it (no imports, no outer names)', () => {
    const context = vm.createContext({});
    const source = `(${createConsoleCapture.toString()})({ lines: 2, characters: 1000, lineCharacters: 60 })`;
    const capture = vm.runInContext(source, context) as ConsoleCapture;
    capture.add('warn', ['a', { b: 1 }]);
    capture.add('log', ['z'.repeat(100)]);
    capture.add('log', ['dropped']);
    expect(capture.lines[0]).toEqual(['warn', 'a {"b":1}']);
    expect(capture.lines[1]![1]).toMatch(/^z{29} … \[cut: 100 characters in all\]$/);
    expect(capture.lines).toHaveLength(2);
    expect(capture.dropped).toBe(1);
  });
});

describe('the host’s bound over what a worker sent', () => {
  it('changes nothing in a worker’s bounded output but adds the line counting what the worker dropped', () => {
    const limits = room(3, 200, 40);
    const worker = createConsoleCapture(limits);
    logAll(worker, 2, (i) => `${i}`.repeat(100));
    worker.add('info', ['short']);
    worker.add('info', ['dropped']);
    const sent = JSON.parse(JSON.stringify({ logs: worker.lines, dropped: worker.dropped })) as { logs: unknown; dropped: unknown };
    expect(boundConsoleLines(sent.logs, sent.dropped, limits)).toEqual([...worker.lines, ['warn', expect.stringMatching(/^1 console line dropped: /)]]);
  });

  it('bounds what a worker was made to send past its capture, and counts malformed lines as dropped', () => {
    const flood = Array.from({ length: 50 }, (_, i) => ['log', `flood ${i}`]);
    const lines = boundConsoleLines([...flood, 'not a line', ['log', 7]], -5, room(10, 10_000));
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toEqual(['warn', expect.stringMatching(/^42 console lines dropped: /)]);
    expect(boundConsoleLines(undefined, 'x', room(10, 10_000))).toEqual([]);
    expect(boundConsoleLines([['log', 'a'.repeat(5000)]], 0, RUN_LOG_LIMITS)[0]![1]).toHaveLength(RUN_LOG_LIMITS.lineCharacters);
  });
});
