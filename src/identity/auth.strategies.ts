import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { Environment } from '../config/environment';
import { apiKeyPrefix } from './api-key.secret';
import { ApiKeysService } from './api-keys.service';
import { CallerReads } from './caller-reads';
import { Principal } from './principal';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.service';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

export const AUTH_STRATEGIES = ['api-key', 'jwt', 'oidc'];

function userPrincipal(user: UserEntity): Principal {
  return { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role };
}

/** `Authorization: Bearer rqs_…`: an API key. Other bearer tokens are left to the JWT strategies. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(BearerStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  async validate(token: string): Promise<Principal | false> {
    if (!apiKeyPrefix(token)) return false;
    const principal = await this.apiKeys.authenticate(token);
    if (!principal) throw new UnauthorizedException('The API key is unknown, revoked or expired.');
    return principal;
  }
}

/** Requisite's own access tokens (POST /v1/auth/token): HS256, pinned issuer and audience, active user. */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(JwtStrategy, 'jwt') {
  constructor(
    env: Environment,
    private readonly callers: CallerReads,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object (see Environment.jwtKey); passport-jwt hands it to jsonwebtoken unchanged.
      secretOrKey: env.jwtKey() as unknown as Buffer,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['HS256'],
    });
  }

  async validate(payload: { sub?: string; cv?: unknown }): Promise<Principal | false> {
    // Read on every request, never cached across requests (see CallerReads).
    const user = payload.sub ? await this.callers.activeUser(payload.sub) : null;
    // Issued before the password last changed (or without a credentials version at all): signed out.
    if (!user || payload.cv !== user.credentialsVersion) return false;
    return userPrincipal(user);
  }
}

/**
 * Tokens of an external OpenID Connect provider (when OIDC_* are set): signature checked against the provider's
 * JWKS, issuer and audience pinned, mapped to an active user by e-mail.
 */
@Injectable()
export class OidcStrategy extends PassportStrategy(JwtStrategy, 'oidc') {
  constructor(
    env: Environment,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: env.oidcEnabled()
        ? passportJwtSecret({
            jwksUri: env.OIDC_JWKS_URL!,
            cache: true,
            rateLimit: true,
            jwksRequestsPerMinute: 10,
          })
        : (_request: unknown, _token: unknown, done: (error: Error | null, key?: string) => void) =>
            done(new Error('OIDC is not configured')),
      issuer: env.OIDC_ISSUER,
      audience: env.OIDC_AUDIENCE,
      algorithms: ['RS256', 'ES256', 'PS256'],
    });
  }

  async validate(payload: { email?: string; email_verified?: boolean }): Promise<Principal | false> {
    // Only an e-mail the provider vouches for maps to an account.
    if (!payload.email || payload.email_verified !== true) return false;
    const user = await this.users.findByEmail(payload.email);
    return user?.active ? userPrincipal(user) : false;
  }
}
