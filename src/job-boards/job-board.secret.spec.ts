import { boardSecretKey, generateBoardSecret } from './job-board.secret';

describe('generateBoardSecret', () => {
  it('is whsec_ and base64 of at least 24 random bytes, different every time', () => {
    const secrets = Array.from({ length: 20 }, generateBoardSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(boardSecretKey(secret).length).toBeGreaterThanOrEqual(24);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
