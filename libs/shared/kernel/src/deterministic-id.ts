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
  const bytes = sha1(concat(parseUuid(namespace), UTF8.encode(name)));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[bytes[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UTF8 = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Parsed namespaces: every event id of a process uses the same one. */
const namespaces = new Map<string, Uint8Array>();

function parseUuid(uuid: string): Uint8Array {
  const known = namespaces.get(uuid);
  if (known) return known;
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  if (namespaces.size < 16) namespaces.set(uuid, bytes);
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * SHA-1 (FIPS 180-4) of `message`, the first 20 bytes of the result. Used only for
 * name-based ids, where RFC 9562 prescribes it. Written over typed arrays without
 * allocations per round: an id is derived for every event appended.
 */
function sha1(message: Uint8Array): Uint8Array {
  const blocks = Math.ceil((message.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = message.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Int32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) compress(h, w, view, offset);
  const digest = new Uint8Array(20);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 5; i++) out.setInt32(i * 4, h[i]!);
  return digest;
}

function compress(h: Int32Array, w: Int32Array, block: DataView, offset: number): void {
  for (let i = 0; i < 16; i++) w[i] = block.getInt32(offset + i * 4);
  for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1);
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  for (let i = 0; i < 80; i++) {
    const t = (rotl(a, 5) + round(i, b, c, d) + e + w[i]!) | 0;
    e = d;
    d = c;
    c = rotl(b, 30);
    b = a;
    a = t;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

function round(i: number, b: number, c: number, d: number): number {
  if (i < 20) return ((b & c) | (~b & d)) + 0x5a827999;
  if (i < 40) return (b ^ c ^ d) + 0x6ed9eba1;
  if (i < 60) return ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc;
  return (b ^ c ^ d) + 0xca62c1d6;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
