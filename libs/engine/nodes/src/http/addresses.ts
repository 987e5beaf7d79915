import { isIP } from 'node:net';

/** An address range as [first, last] on a 128-bit line (IPv4 mapped into ::ffff:0:0/96). */
type Range = readonly [bigint, bigint];

const V4_MAPPED_BASE = 0xffff00000000n;

function v4ToBigInt(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) + BigInt(Number(part)), 0n);
}

function v6ToBigInt(address: string): bigint {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const v4 = v4ToBigInt(v4Tail[1]!);
    text = `${text.slice(0, -v4Tail[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return parts.reduce((value, part) => (value << 16n) + BigInt(parseInt(part || '0', 16)), 0n);
}

/** An IP address as a number on the IPv6 line; IPv4 as IPv4-mapped. `undefined` if not an IP. */
export function ipToBigInt(address: string): bigint | undefined {
  const kind = isIP(address.replace(/^\[|\]$/g, ''));
  if (kind === 4) return V4_MAPPED_BASE + v4ToBigInt(address);
  if (kind === 6) return v6ToBigInt(address.replace(/^\[|\]$/g, ''));
  return undefined;
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a single address into a range. */
export function parseCidr(cidr: string): Range | undefined {
  const [address = '', prefixText] = cidr.trim().split('/');
  const start = ipToBigInt(address);
  if (start === undefined) return undefined;
  const isV4 = isIP(address) === 4;
  const bits = isV4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  const base = isV4 ? start - V4_MAPPED_BASE : start;
  const first = (base & ~mask) + (isV4 ? V4_MAPPED_BASE : 0n);
  return [first, first + mask];
}

const BLOCKED_CIDRS = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
  '224.0.0.0/4', '240.0.0.0/4', '255.255.255.255/32',
  '::/128', '::1/128', 'fe80::/10', 'fc00::/7', 'ff00::/8', '2001:db8::/32', 'fd00:ec2::254/128', '100::/64',
];
const BLOCKED: readonly Range[] = BLOCKED_CIDRS.map((cidr) => parseCidr(cidr)!);

/** IPv4 embedded in NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses, checked as IPv4 too. */
function embeddedV4(value: bigint): bigint | undefined {
  if (value >> 32n === 0x0064ff9b0000000000000000n) return V4_MAPPED_BASE + (value & 0xffffffffn);
  if (value >> 112n === 0x2002n) return V4_MAPPED_BASE + ((value >> 80n) & 0xffffffffn);
  return undefined;
}

const inRange = (value: bigint, [first, last]: Range): boolean => value >= first && value <= last;

/** True for loopback, private, link-local, CGNAT, metadata, unspecified, multicast and reserved addresses. */
export function isBlockedAddress(address: string): boolean {
  const value = ipToBigInt(address);
  if (value === undefined) return true;
  const embedded = embeddedV4(value);
  return BLOCKED.some((range) => inRange(value, range) || (embedded !== undefined && inRange(embedded, range)));
}

/** The org's egress allow-list: CIDRs, addresses, host names and `*.suffix` wildcards. */
export class EgressAllowList {
  private readonly ranges: Range[] = [];
  private readonly hosts: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const range = parseCidr(entry);
      if (range) this.ranges.push(range);
      else this.hosts.push(entry.trim().toLowerCase());
    }
  }

  allowsHost(hostname: string): boolean {
    const host = hostname.toLowerCase();
    return this.hosts.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
  }

  allowsAddress(address: string): boolean {
    const value = ipToBigInt(address);
    return value !== undefined && this.ranges.some((range) => inRange(value, range));
  }
}
