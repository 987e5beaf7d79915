/**
 * Name-based UUIDs (RFC 9562 version 5) in plain TypeScript: the kernel may not use
 * node:crypto, and event ids must be derived from the command id so that a retried
 * command appends the same ids and the store recognises the repeat.
 */

/** The namespace of the event ids Weft derives from command ids. */
export const WEFT_EVENT_NAMESPACE = 'a42aafc9-ffe6-4566-a63c-056db4958513';

/** The id of the `index`-th event decided for a command: stable across retries. */
export function deterministicEventId(commandId: string, index: number): string {
  return uuidV5(WEFT_EVENT_NAMESPACE, `${commandId}/${index}`);
}

/** RFC 9562 version-5 UUID of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const namespaceBytes = parseUuid(namespace);
  const digest = sha1([...namespaceBytes, ...utf8(name)]);
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(uuid: string): number[] {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return bytes;
}

/** SHA-1 (FIPS 180-4). Used only for name-based ids, where RFC 9562 prescribes it. */
function sha1(message: readonly number[]): number[] {
  const bitLength = message.length * 8;
  const padded = [...message, 0x80];
  while (padded.length % 64 !== 56) padded.push(0);
  for (let shift = 56; shift >= 0; shift -= 8) padded.push(shift >= 32 ? Math.floor(bitLength / 2 ** shift) & 0xff : (bitLength >>> shift) & 0xff);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  for (let offset = 0; offset < padded.length; offset += 64) compress(h, padded, offset);
  return h.flatMap((word) => [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff]);
}

function compress(h: number[], block: readonly number[], offset: number): void {
  const w = new Array<number>(80);
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    w[i] = (((block[at] ?? 0) << 24) | ((block[at + 1] ?? 0) << 16) | ((block[at + 2] ?? 0) << 8) | (block[at + 3] ?? 0)) >>> 0;
  }
  for (let i = 16; i < 80; i++) w[i] = rotl((w[i - 3] ?? 0) ^ (w[i - 8] ?? 0) ^ (w[i - 14] ?? 0) ^ (w[i - 16] ?? 0), 1);
  let [a, b, c, d, e] = h as [number, number, number, number, number];
  for (let i = 0; i < 80; i++) {
    const [f, k] = i < 20 ? [(b & c) | (~b & d), 0x5a827999] : i < 40 ? [b ^ c ^ d, 0x6ed9eba1] : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
    const next = (rotl(a, 5) + f + e + k + (w[i] ?? 0)) >>> 0;
    [e, d, c, b, a] = [d, c, rotl(b, 30), a, next];
  }
  [a, b, c, d, e].forEach((value, i) => (h[i] = ((h[i] ?? 0) + value) >>> 0));
}

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;
