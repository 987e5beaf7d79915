/** scrypt cost parameters: N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** A decoded `$scrypt$ln=..,r=..,p=..$<salt>$<hash>` string. */
export interface ScryptHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

// Bounds on what a stored hash may ask of the KDF: a tampered row must not be able to
// make one login allocate gigabytes or spin for minutes.
const LIMITS = { ln: [1, 22], r: [1, 32], p: [1, 16], salt: [8, 64], hash: [16, 64] } as const;
const B64 = /^[A-Za-z0-9+/]+$/;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([^$]+)\$([^$]+)$/;

/** PHC-style string (unpadded standard base64, as the PHC format specifies). */
export function formatScryptHash({ params, salt, hash }: ScryptHash): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${toB64(salt)}$${toB64(hash)}`;
}

/** The decoded hash, or `undefined` when malformed or outside the accepted bounds. */
export function parseScryptHash(encoded: string): ScryptHash | undefined {
  const match = PHC.exec(encoded);
  if (!match) return undefined;
  const [, ln, r, p, salt, hash] = match;
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (!within(params.ln, LIMITS.ln) || !within(params.r, LIMITS.r) || !within(params.p, LIMITS.p)) return undefined;
  const saltBytes = fromB64(salt ?? '');
  const hashBytes = fromB64(hash ?? '');
  if (!saltBytes || !hashBytes || !within(saltBytes.length, LIMITS.salt) || !within(hashBytes.length, LIMITS.hash)) return undefined;
  return { params, salt: saltBytes, hash: hashBytes };
}

const within = (value: number, [min, max]: readonly [number, number]) => Number.isInteger(value) && value >= min && value <= max;
const toB64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function fromB64(text: string): Buffer | undefined {
  if (!B64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Reject non-canonical encodings, so one hash has exactly one spelling.
  return toB64(bytes) === text ? bytes : undefined;
}
