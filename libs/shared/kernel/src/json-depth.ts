/**
 * How deeply JSON nests, measured without recursion. Depth counts arrays and objects:
 * `1` and `"x"` are 0 deep, `[]` and `{}` 1, `{"a":[1]}` 2. Checks stop at the first
 * level too deep, so a hostile document (100,000 nested arrays) costs one linear pass,
 * never a stack overflow, and never reaches `JSON.parse` (whose time grows faster than
 * the nesting: 0.3 s for 100,000 levels).
 */

/**
 * The deepest nesting a recursive walk over JSON data in Weft accepts; deeper is a
 * {@link JsonTooDeepError}. V8's own walks overflow its default stack near 4,400 levels
 * (`JSON.stringify`) and 1,600 (`structuredClone`); the limits where data comes in
 * (request bodies, node outputs) are far below this one.
 */
export const JSON_DEPTH_CEILING = 2_000;

/** Data nested deeper than a walk over it accepts. */
export class JsonTooDeepError extends Error {
  override readonly name = 'JsonTooDeepError';

  constructor(
    readonly maxDepth: number,
    what = 'The data',
  ) {
    super(`${what} is nested deeper than ${maxDepth} levels`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON `text` nests arrays and objects deeper than `maxDepth`: brackets inside
 * strings (escaped quotes included) do not count. Not a validator: malformed text gets
 * some answer, and the parser then refuses it.
 */
export function jsonTextExceedsDepth(text: string, maxDepth: number): boolean {
  const length = text.length;
  // Each level takes two characters: most texts are too short to need a look.
  if (length <= 2 * maxDepth) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = closingQuote(text, i);
      if (end < 0) return false;
      i = end;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The quote ending the string opened at `open` (one preceded by an even run of backslashes), -1 when none. */
function closingQuote(text: string, open: number): number {
  // indexOf jumps over a long string far faster than a loop over its characters.
  let end = text.indexOf('"', open + 1);
  while (end > 0 && text.charCodeAt(end - 1) === BACKSLASH) {
    let start = end - 1;
    while (text.charCodeAt(start - 1) === BACKSLASH) start--;
    if ((end - start) % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

/**
 * Whether a value nests arrays and objects deeper than `maxDepth`. Iterative (an
 * explicit stack), and it stops at the first object too deep, so a cycle ends too.
 */
export function jsonValueExceedsDepth(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: object[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) return true;
    const children: readonly unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
