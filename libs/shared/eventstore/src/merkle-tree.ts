import { createHash } from 'node:crypto';

// RFC 9162 (Certificate Transparency 2.0), section 2.1.1: the Merkle Tree Hash. Leaves
// and nodes are hashed with different prefixes (0x00, 0x01), so a leaf can never pass
// for a node; a tree of n leaves splits at the largest power of two below n. Billing's
// usage roots use it today; the audit log's transparency tree (issue 19) is the same hash.

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** MTH of one leaf: SHA-256(0x00 || leaf). */
export const merkleLeafHash = (leaf: Buffer): Buffer => sha256(LEAF, leaf);

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeHash(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return merkleLeafHash(leaves[from]!);
  const k = largestPowerOfTwoBelow(n);
  return sha256(NODE, subtreeHash(leaves, from, from + k), subtreeHash(leaves, from + k, to));
}

/** The Merkle Tree Hash of `leaves` in order (the empty tree: SHA-256 of nothing). */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  return leaves.length === 0 ? sha256() : subtreeHash(leaves, 0, leaves.length);
}
