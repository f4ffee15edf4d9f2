import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key.secret';

describe('API key secrets', () => {
  it('generates rqs_ keys with 192 random bits whose prefix and hash identify them', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^rqs_[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(24);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(hash).not.toContain(key.slice(4));
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it.each(['', 'rqs_', 'rqs_short', 'Bearer rqs_x', `rqs_${'a'.repeat(33)}`, 'eyJhbGciOiJIUzI1NiJ9.e30.x'])(
    '%j is not an API key',
    (token) => {
      expect(apiKeyPrefix(token)).toBeNull();
    },
  );

  it('refuses a key that differs in one character', () => {
    const { key, hash } = generateApiKey();
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(apiKeyMatches(tampered, hash)).toBe(false);
  });
});
