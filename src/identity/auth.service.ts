import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { CurrentRequest } from '../common/current-request';
import { decoyPasswordHash, verifyPassword } from './password';
import { SignInRefusedError, SignInThrottledError } from './sign-in.errors';
import { SignInThrottleService } from './sign-in-throttle.service';
import { AccessToken, TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';

/**
 * E-mail and password sign-in. Unknown e-mail, wrong password and inactive account are all refused the same way
 * after the same amount of work, so the answer tells nothing about which accounts exist.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokensService,
    private readonly throttle: SignInThrottleService,
    private readonly audit: AuditLog,
  ) {}

  /** An access token, or SignInThrottledError / SignInRefusedError. */
  async signIn(email: string, password: string): Promise<AccessToken> {
    const ip = CurrentRequest.current()?.ip ?? 'unknown';
    const keys = [`email:${email.trim().toLowerCase()}`, `ip:${ip}`];
    const wait = await this.throttle.retryAfter(keys);
    if (wait > 0) {
      await this.audit.record(null, {
        action: 'signInThrottled',
        actor: 'anonymous',
        actorId: null,
        changes: {},
      });
      throw new SignInThrottledError(wait);
    }
    const user = await this.users.findByEmail(email.trim());
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !user.active || !user.passwordHash || !ok) {
      await this.throttle.recordFailure(keys);
      await this.audit.record(null, {
        action: 'signInFailed',
        actor: 'anonymous',
        actorId: null,
        subjectType: user ? 'user' : null,
        subjectIds: user ? [user.id] : [],
      });
      throw new SignInRefusedError();
    }
    await this.throttle.clear(keys[0]);
    await this.audit.record(null, {
      action: 'signIn',
      actor: `user:${user.id}`,
      actorId: user.id,
      subjectType: 'user',
      subjectIds: [user.id],
    });
    return this.tokens.issue(user);
  }
}
