/** A string property split into literal text and `{{ expression }}` parts. */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expression'; readonly source: string };

/** True when `text` contains an expression at all (cheap pre-check). */
export const hasExpression = (text: string): boolean => text.includes('{{');

/**
 * Splits `text` at `{{ ... }}`. The closing `}}` is found outside string literals and
 * nested braces, so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work.
 */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const close = findClose(text, open + 2);
    if (close < 0) break;
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    parts.push({ kind: 'expression', source: text.slice(open + 2, close).trim() });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return parts;
}

function findClose(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      if (depth === 0 && text[index + 1] === '}') return index;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}
