import { EgressAllowList, isBlockedAddress } from './addresses.js';
import { resolveChecked } from './guard.js';

describe('SSRF address rules', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::', 'not-an-ip',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
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
    'file:///etc/passwd',
  ])('refuses %s without an allow-list', async (url) => {
    await expect(resolveChecked(new URL(url), new EgressAllowList([]), noDns)).rejects.toThrow(/blocked|not allowed/);
  });

  it('checks every address a name resolves to', async () => {
    const resolver = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.1', family: 4 }];
    await expect(resolveChecked(new URL('http://rebind.example/'), new EgressAllowList([]), resolver)).rejects.toThrow(/10\.0\.0\.1/);
  });

  it('returns the checked address to connect to', async () => {
    const resolver = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(resolveChecked(new URL('https://example.com/'), new EgressAllowList([]), resolver)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});
