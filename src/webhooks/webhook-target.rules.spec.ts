import { checkWebhookUrl, invalidCidrs, literalAddress, refusalOfAddress } from './webhook-target.rules';

const HTTPS_ONLY = { allowHttp: false, allowedCidrs: [] };
const HTTP_TOO = { allowHttp: true, allowedCidrs: [] };

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/requisite', 'hooks.example.com'],
    ['https://hooks.example.com:8443/a/b?x=1', 'hooks.example.com'],
    ['HTTPS://Hooks.Example.COM/x', 'hooks.example.com'],
    ['https://[2606:4700:4700::1111]/x', '[2606:4700:4700::1111]'],
    ['https://1.1.1.1/x', '1.1.1.1'],
  ])('accepts %s (host %s)', (raw, hostname) => {
    const verdict = checkWebhookUrl(raw, HTTPS_ONLY);
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.url).toBeInstanceOf(URL);
    expect(verdict.ok && verdict.url.hostname).toBe(hostname);
    expect(verdict.ok && verdict.url.protocol).toBe('https:');
  });

  it.each([
    ['http://hooks.example.com/x', HTTPS_ONLY, /must use https$/],
    ['ftp://hooks.example.com/x', HTTPS_ONLY, /must use https$/],
    ['ftp://hooks.example.com/x', HTTP_TOO, /must use https or http/],
    ['ws://hooks.example.com/x', HTTP_TOO, /must use https or http/],
    ['file:///etc/passwd', HTTP_TOO, /must use https or http/],
    ['javascript:alert(1)', HTTPS_ONLY, /must use https/],
    ['data:text/plain,hello', HTTPS_ONLY, /must use https/],
    ['https://user:password@hooks.example.com/x', HTTPS_ONLY, /credentials/],
    ['https://user@hooks.example.com/x', HTTPS_ONLY, /credentials/],
    ['https://:password@hooks.example.com/x', HTTPS_ONLY, /credentials/],
    ['http://user:password@hooks.example.com/x', HTTP_TOO, /credentials/],
    ['https://hooks.example.com/x#fragment', HTTPS_ONLY, /#fragment/],
    ['https://hooks.example.com/#/route', HTTPS_ONLY, /#fragment/],
    ['not a url', HTTPS_ONLY, /absolute URL/],
    ['', HTTPS_ONLY, /absolute URL/],
    ['https://', HTTPS_ONLY, /absolute URL/],
    ['/relative/path', HTTPS_ONLY, /absolute URL/],
    ['hooks.example.com/x', HTTPS_ONLY, /absolute URL/],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, HTTPS_ONLY, /at most 2048 characters/],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, HTTP_TOO, /at most 2048 characters/],
  ])('refuses %s (%o)', (raw, policy, reason) => {
    const verdict = checkWebhookUrl(raw, policy);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('allows plain http only when the policy says so', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/hooks', HTTPS_ONLY).ok).toBe(false);
    const verdict = checkWebhookUrl('http://127.0.0.1:4000/hooks', HTTP_TOO);
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.url.toString()).toBe('http://127.0.0.1:4000/hooks');
  });

  it('takes a URL of exactly 2048 characters and refuses one of 2049', () => {
    const prefix = 'https://hooks.example.com/';
    const longest = prefix + 'a'.repeat(2048 - prefix.length);
    expect(longest).toHaveLength(2048);
    expect(checkWebhookUrl(longest, HTTPS_ONLY).ok).toBe(true);
    expect(checkWebhookUrl(`${longest}a`, HTTPS_ONLY).ok).toBe(false);
  });
});

describe('refusalOfAddress', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    // Just outside the private and CGNAT ranges.
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    // An IPv4-mapped public address is the public IPv4 address.
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(refusalOfAddress(address, [])).toBeNull();
  });

  it.each([
    ['10.0.0.1', /private/],
    ['10.255.255.255', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.0.1', /private/],
    ['192.168.255.254', /private/],
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['169.254.169.254', /link-local.*metadata/],
    ['169.254.0.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd00:ec2::254', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['::ffff:169.254.169.254', /link-local/],
    ['2002::1', /6to4/],
    ['2002:7f00:1::1', /6to4/],
    ['2001::1', /teredo/],
    ['64:ff9b::7f00:1', /non-public/],
  ])('refuses %s', (address, why) => {
    const refusal = refusalOfAddress(address, []);
    expect(refusal).not.toBeNull();
    expect(refusal).toContain(address);
    expect(refusal).toMatch(why);
  });

  it.each(['example.com', 'not-an-ip', '', '10.0.0.256', '1::2::3'])(
    'refuses %j, which is not an IP address',
    (address) => {
      expect(refusalOfAddress(address, ['0.0.0.0/0', '::/0'])).toBe(`${address} is not an IP address`);
    },
  );

  describe('allow-listed CIDRs', () => {
    it.each([
      // [address, allowed CIDRs, allowed?]
      ['127.0.0.1', ['127.0.0.0/8'], true],
      ['127.255.255.254', ['127.0.0.0/8'], true],
      ['10.0.0.1', ['127.0.0.0/8'], false],
      ['128.0.0.1', ['127.0.0.0/8'], true], // public anyway
      ['10.20.0.1', ['10.20.0.0/16'], true],
      ['10.20.255.255', ['10.20.0.0/16'], true],
      ['10.19.255.255', ['10.20.0.0/16'], false],
      ['10.21.0.0', ['10.20.0.0/16'], false],
      ['10.0.0.1', ['10.20.0.0/16'], false],
      ['192.168.1.1', ['10.20.0.0/16'], false],
      ['169.254.169.254', ['10.20.0.0/16', '127.0.0.0/8'], false],
      ['169.254.169.254', ['169.254.169.254/32'], true],
      ['169.254.169.253', ['169.254.169.254/32'], false],
      ['10.20.0.1', ['10.20.0.0/16', '192.168.0.0/16'], true],
      ['192.168.3.4', ['10.20.0.0/16', '192.168.0.0/16'], true],
      // IPv4-mapped addresses are judged as the IPv4 address they stand for.
      ['::ffff:127.0.0.1', ['127.0.0.0/8'], true],
      ['::ffff:10.20.0.1', ['10.20.0.0/16'], true],
      ['::ffff:10.21.0.1', ['10.20.0.0/16'], false],
      // An IPv4 CIDR never matches an IPv6 address, nor an IPv6 CIDR an IPv4 one.
      ['::1', ['127.0.0.0/8'], false],
      ['fe80::1', ['0.0.0.0/0'], false],
      ['2002:7f00:1::1', ['127.0.0.0/8'], false],
      ['127.0.0.1', ['::/0'], false],
      ['10.0.0.1', ['::ffff:0:0/96'], false],
      ['::1', ['::1/128'], true],
      ['fe80::1', ['::1/128'], false],
      ['fd00:ec2::254', ['fd00::/8'], true],
      ['fe80::1', ['fd00::/8'], false],
      // An entry that is not a CIDR allows nothing (and does not throw).
      ['127.0.0.1', ['garbage'], false],
      ['127.0.0.1', ['127.0.0.1'], false],
      ['127.0.0.1', ['garbage', '127.0.0.0/8'], true],
    ])('%s with %j allowed: %s', (address, cidrs, allowed) => {
      const refusal = refusalOfAddress(address, cidrs);
      if (allowed) expect(refusal).toBeNull();
      else expect(refusal).toEqual(expect.stringContaining(address));
    });
  });
});

describe('literalAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['10.0.0.1', '10.0.0.1'],
    ['[::1]', '::1'],
    ['[fe80::1]', 'fe80::1'],
    ['[::ffff:127.0.0.1]', '::ffff:127.0.0.1'],
    ['::1', '::1'],
    ['hooks.example.com', null],
    ['localhost', null],
    ['[hooks.example.com]', null],
    ['', null],
  ])('%j → %j', (hostname, expected) => {
    expect(literalAddress(hostname)).toBe(expected);
  });

  it('works on the hostname URL gives, including shorthand IPv4 it normalises', () => {
    expect(literalAddress(new URL('https://[::1]:8443/x').hostname)).toBe('::1');
    expect(literalAddress(new URL('https://0x7f.1/x').hostname)).toBe('127.0.0.1');
    expect(literalAddress(new URL('https://2130706433/x').hostname)).toBe('127.0.0.1');
  });
});

describe('invalidCidrs', () => {
  it.each([
    [[], []],
    [['127.0.0.0/8'], []],
    [['127.0.0.0/8', '10.20.0.0/16', '::1/128', 'fd00::/8', '0.0.0.0/0'], []],
    [['nonsense'], ['nonsense']],
    [['10.0.0.0'], ['10.0.0.0']],
    [['10.0.0.0/33'], ['10.0.0.0/33']],
    [['::/129'], ['::/129']],
    [['1.2.3.4/-1'], ['1.2.3.4/-1']],
    [[''], ['']],
    [
      ['127.0.0.0/8', 'nonsense', '::1/128', '300.0.0.0/8'],
      ['nonsense', '300.0.0.0/8'],
    ],
  ])('%j → %j', (cidrs, invalid) => {
    expect(invalidCidrs(cidrs)).toEqual(invalid);
  });
});
