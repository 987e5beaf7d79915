import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/**
 * An IP literal as an address (brackets and zone id dropped); `undefined` if it is not
 * one. `isIP` gates it: ipaddr.js alone also reads `0x7f.1` or `2130706433` as IPv4,
 * which a host name or an allow-list entry must not silently become.
 */
export function parseAddress(text: string): Address | undefined {
  const bare = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  return isIP(bare) === 0 ? undefined : ipaddr.parse(bare);
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a single address into a range. */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText = '', prefixText] = text.trim().split('/');
  const address = parseAddress(addressText);
  if (address === undefined) return undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  return prefix > bits ? undefined : [address, prefix];
}

const cidrs = (texts: readonly string[]): Cidr[] => texts.map((text) => parseCidr(text)!);

const BLOCKED_V4 = cidrs([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '255.255.255.255/32',
]);

const BLOCKED_V6 = cidrs([
  '::/128',
  '::1/128', // unspecified, loopback
  'fe80::/10',
  'fec0::/10', // link-local, the deprecated site-local
  'fc00::/7', // unique-local (AWS's metadata service is fd00:ec2::254)
  'ff00::/8',
  '100::/64',
  '2001:db8::/32', // multicast, discard, documentation
  // NAT64 local-use prefix (RFC 8215): where the IPv4 sits depends on the operator's prefix length, so it cannot be read out.
  '64:ff9b:1::/48',
]);

const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
const last32 = (parts: number[]) => [v4(parts[6]!, parts[7]!)];

/**
 * The IPv6 forms that carry an IPv4 address a connection may end up at. A guard that
 * looked only at the IPv6 ranges would let `[::127.0.0.1]` or `[64:ff9b::a9fe:a9fe]`
 * through to loopback or the metadata service.
 */
const EMBEDDINGS: readonly { readonly prefix: Cidr; readonly ipv4: (parts: number[]) => ipaddr.IPv4[] }[] = [
  { prefix: parseCidr('::ffff:0:0/96')!, ipv4: last32 }, // IPv4-mapped
  { prefix: parseCidr('::/96')!, ipv4: last32 }, // IPv4-compatible (deprecated, RFC 4291)
  { prefix: parseCidr('::ffff:0:0:0/96')!, ipv4: last32 }, // IPv4-translated (RFC 6145)
  { prefix: parseCidr('64:ff9b::/96')!, ipv4: last32 }, // NAT64 well-known prefix (RFC 6052)
  { prefix: parseCidr('2002::/16')!, ipv4: (parts) => [v4(parts[1]!, parts[2]!)] }, // 6to4 (RFC 3056)
  // Teredo (RFC 4380): the server's address, and the client's, stored inverted.
  { prefix: parseCidr('2001::/32')!, ipv4: (parts) => [v4(parts[2]!, parts[3]!), v4(~parts[6]! & 0xffff, ~parts[7]! & 0xffff)] },
];

const inCidr = (address: Address, [base, prefix]: Cidr): boolean => address.kind() === base.kind() && address.match(base, prefix);

/** What a connection to `address` may reach: the address itself and every IPv4 it embeds. */
function destinations(address: Address): Address[] {
  if (address.kind() === 'ipv4') return [address];
  const v6 = address as ipaddr.IPv6;
  return [v6, ...EMBEDDINGS.filter(({ prefix }) => inCidr(v6, prefix)).flatMap(({ ipv4 }) => ipv4(v6.parts))];
}

const blocked = (address: Address): boolean => (address.kind() === 'ipv4' ? BLOCKED_V4 : BLOCKED_V6).some((range) => inCidr(address, range));

/**
 * True for loopback, private, link-local, CGNAT, metadata, unspecified, multicast and
 * reserved addresses, in IPv4 or IPv6, and for any IPv6 that embeds such an IPv4; also
 * for anything that is not an IP address.
 */
export function isBlockedAddress(text: string): boolean {
  const address = parseAddress(text);
  return address === undefined || destinations(address).some(blocked);
}

/** The org's egress allow-list: CIDRs, addresses, host names and `*.suffix` wildcards. */
export class EgressAllowList {
  private readonly ranges: Cidr[] = [];
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

  /** The address is listed, as written or as the IPv4 it maps (`::ffff:127.0.0.5` is in `127.0.0.0/8`). */
  allowsAddress(text: string): boolean {
    const address = parseAddress(text);
    return address !== undefined && this.lists(address);
  }

  /**
   * The SSRF decision for one address: it may be connected to when nothing it reaches is
   * blocked, when it is listed itself, or when every blocked address it reaches is listed
   * (allowing `127.0.0.0/8` also allows `[::ffff:127.0.0.1]` and `[::127.0.0.1]`).
   */
  permitsAddress(text: string): boolean {
    const address = parseAddress(text);
    if (address === undefined) return false;
    return (
      this.lists(address) ||
      destinations(address)
        .filter(blocked)
        .every((reached) => this.lists(reached))
    );
  }

  private lists(address: Address): boolean {
    const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : undefined;
    return this.ranges.some((range) => inCidr(address, range) || (mapped !== undefined && inCidr(mapped, range)));
  }
}
