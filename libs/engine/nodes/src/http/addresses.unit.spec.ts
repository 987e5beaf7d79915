import { EgressAllowList, isBlockedAddress, parseCidr } from './addresses.js';
import { resolveChecked } from './guard.js';

describe('SSRF address rules', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    'not-an-ip',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  // Every IPv6 spelling that reaches an IPv4 is judged by that IPv4: a guard that knew
  // only ::ffff:a.b.c.d let [::127.0.0.1] and [::ffff:0:127.0.0.1] through.
  it.each([
    ['IPv4-mapped, dotted', '::ffff:10.0.0.1'],
    ['IPv4-mapped, hex', '::ffff:a9fe:a9fe'],
    ['IPv4-mapped, full spelling', '0:0:0:0:0:ffff:7f00:0001'],
    ['IPv4-mapped, upper case', '::FFFF:7F00:1'],
    ['IPv4-compatible, dotted', '::127.0.0.1'],
    ['IPv4-compatible, hex', '::7f00:1'],
    ['IPv4-compatible, metadata', '::169.254.169.254'],
    ['IPv4-translated, dotted', '::ffff:0:127.0.0.1'],
    ['IPv4-translated, hex', '::ffff:0:7f00:1'],
    ['IPv4-translated, private', '::ffff:0:c0a8:101'],
    ['NAT64, dotted', '64:ff9b::127.0.0.1'],
    ['NAT64, metadata in hex', '64:ff9b::a9fe:a9fe'],
    ['NAT64, private', '64:ff9b::10.1.2.3'],
    ['NAT64 local-use prefix', '64:ff9b:1::808:808'],
    ['NAT64 local-use prefix, a /96 inside it', '64:ff9b:1:ffff::8.8.8.8'],
    ['6to4 of loopback', '2002:7f00:1::1'],
    ['6to4 of the metadata service', '2002:a9fe:a9fe:1::1'],
    ['6to4 of a private address', '2002:c0a8:101::'],
    ['Teredo, loopback client (stored inverted)', '2001:0:808:808:8000:63bf:80ff:fffe'],
    ['Teredo, private server', '2001:0:a00:1::fefe:fefe'],
    ['bracketed', '[::ffff:7f00:1]'],
  ])('blocks %s: %s', (_form, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    ['loopback, full spelling', '0:0:0:0:0:0:0:1'],
    ['unspecified', '0::0'],
    ['link-local with a zone', 'fe80::1%eth0'],
    ['link-local, upper end', 'febf::1'],
    ['site-local (deprecated)', 'fec0::1'],
    ['unique-local', 'fdff:ffff::1'],
    ['multicast, global scope', 'ff0e::1'],
    ['discard', '100::1'],
    ['documentation', '2001:db8::1'],
  ])('blocks IPv6 %s: %s', (_form, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    ['IPv4-mapped public', '::ffff:808:808'],
    ['NAT64 of a public address', '64:ff9b::8.8.8.8'],
    ['NAT64 of a public address, hex', '64:ff9b::808:808'],
    ['6to4 of a public address', '2002:808:808::1'],
    ['Teredo between public addresses', '2001:0:808:808::fefe:fefe'],
    ['global unicast', '2a00:1450:4001:80b::200e'],
  ])('allows %s: %s', (_form, address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('reads CIDRs strictly: dotted quads only, a prefix that fits the family', () => {
    expect(parseCidr('10.0.0.0/8')).toBeDefined();
    expect(parseCidr('fd00::/8')).toBeDefined();
    expect(parseCidr('::1')).toBeDefined();
    for (const text of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '10.0.0.0/', '2130706433', '0x7f.1', 'metadata.local']) {
      expect([text, parseCidr(text)]).toEqual([text, undefined]);
    }
  });

  it('applies the allow-list: CIDRs, addresses and host names', () => {
    const list = new EgressAllowList(['127.0.0.0/8', '::1', '*.internal.example', 'metadata.local']);
    expect(list.allowsAddress('127.0.0.5')).toBe(true);
    expect(list.allowsAddress('::ffff:127.0.0.5')).toBe(true);
    expect(list.allowsAddress('::1')).toBe(true);
    expect(list.allowsAddress('10.0.0.1')).toBe(false);
    expect(list.allowsHost('api.internal.example')).toBe(true);
    expect(list.allowsHost('internal.example.evil.com')).toBe(false);
    expect(list.allowsHost('metadata.local')).toBe(true);
  });

  it('lets an allowed IPv4 through in every IPv6 form that reaches only it, and nothing else', () => {
    const list = new EgressAllowList(['127.0.0.0/8']);
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', '8.8.8.8']) {
      expect([address, list.permitsAddress(address)]).toEqual([address, true]);
    }
    // Teredo reaches its server too, and 10.0.0.1 is not listed.
    for (const address of ['2001:0:a00:1:8000:63bf:80ff:fffe', '10.0.0.1', '::1', '::ffff:a00:1', '169.254.169.254', 'not-an-ip']) {
      expect([address, list.permitsAddress(address)]).toEqual([address, false]);
    }
  });

  it('lets a listed IPv6 range through whatever it embeds', () => {
    const list = new EgressAllowList(['2002::/16', '::1', '64:ff9b:1::/48']);
    expect(list.permitsAddress('2002:7f00:1::1')).toBe(true);
    expect(list.permitsAddress('::1')).toBe(true);
    expect(list.permitsAddress('64:ff9b:1::a00:1')).toBe(true);
    expect(list.permitsAddress('127.0.0.1')).toBe(false);
    expect(list.permitsAddress('::127.0.0.1')).toBe(false);
  });

  const noDns = async (): Promise<never> => {
    throw new Error('DNS must not be used for literal addresses');
  };

  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://0/',
    'http://[::127.0.0.1]/',
    'http://[::ffff:0:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/latest/meta-data/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[2001:0:808:808:8000:63bf:80ff:fffe]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    'file:///etc/passwd',
  ])('refuses %s without an allow-list', async (url) => {
    await expect(resolveChecked(new URL(url), new EgressAllowList([]), noDns)).rejects.toThrow(/blocked|not allowed/);
  });

  it('checks every address a name resolves to', async () => {
    const resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    await expect(resolveChecked(new URL('http://rebind.example/'), new EgressAllowList([]), resolver)).rejects.toThrow(/10\.0\.0\.1/);
  });

  it('refuses a name resolving to an IPv6 form of a blocked IPv4', async () => {
    const resolver = async () => [{ address: '64:ff9b::a9fe:a9fe', family: 6 }];
    await expect(resolveChecked(new URL('http://nat64.example/'), new EgressAllowList([]), resolver)).rejects.toThrow(/64:ff9b::a9fe:a9fe/);
  });

  it('lets the allow-list open an IPv6 form of an allowed address, and only that', async () => {
    const list = new EgressAllowList(['127.0.0.0/8']);
    await expect(resolveChecked(new URL('http://[::ffff:0:127.0.0.1]:8080/'), list, noDns)).resolves.toEqual({ address: '::ffff:0:7f00:1', family: 6 });
    await expect(resolveChecked(new URL('http://[::10.0.0.1]/'), list, noDns)).rejects.toThrow(/blocked/);
    const resolver = async () => [{ address: '::ffff:127.0.0.1', family: 6 }];
    await expect(resolveChecked(new URL('http://loopback.example/'), list, resolver)).resolves.toEqual({ address: '::ffff:127.0.0.1', family: 6 });
  });

  it('returns the checked address to connect to', async () => {
    const resolver = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(resolveChecked(new URL('https://example.com/'), new EgressAllowList([]), resolver)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});
