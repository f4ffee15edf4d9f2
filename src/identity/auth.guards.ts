import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentRequest } from '../common/current-request';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable';
import { Capability, IS_PUBLIC, REQUIRED_CAPABILITY } from '../common/auth/permissions';
import { reach, Reach } from './access.rules';
import { AUTH_STRATEGIES } from './auth.strategies';
import { Principal } from './principal';

type AuthenticatedRequest = FastifyRequest & { user?: Principal; rateLimit?: Promise<boolean> };

function requestOf(context: ExecutionContext): { req: AuthenticatedRequest; reply: FastifyReply } {
  if (context.getType<string>() === 'graphql') {
    const { req, reply } = GqlExecutionContext.create(context).getContext<{
      req: AuthenticatedRequest;
      reply: FastifyReply;
    }>();
    return { req, reply };
  }
  const http = context.switchToHttp();
  return { req: http.getRequest<AuthenticatedRequest>(), reply: http.getResponse<FastifyReply>() };
}

/**
 * Every route and resolver requires a valid identity unless marked @Public(): an API key, an access token, or
 * (when configured) an OIDC token. Runs once per request; GraphQL's top-level fields share the result.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(AUTH_STRATEGIES) implements CanActivate {
  constructor(private readonly reflector: Reflector) {
    super({ session: false });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    if (requestOf(context).req.user) return true;
    return (await super.canActivate(context)) as boolean;
  }

  override getRequest(context: ExecutionContext): AuthenticatedRequest {
    return requestOf(context).req;
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false): T {
    if (error instanceof UnauthorizedException) throw error;
    // "Who are you?" could not be asked (the database is down): 503, never a sign-in failure that would make a
    // client throw away a valid token.
    if (isDatabaseUnavailable(error)) throw error;
    if (error || !principal) throw new UnauthorizedException('Missing, expired or invalid credentials.');
    const caller = principal as unknown as Principal;
    CurrentRequest.setActor(
      caller.kind === 'system' ? { kind: 'system' } : { kind: caller.kind, id: caller.id },
    );
    return principal;
  }
}

/** Refuses (FORBIDDEN) callers whose role or scopes give no reach at all for the capability a handler needs. */
@Injectable()
export class CapabilityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const capability = this.reflector.getAllAndOverride<Capability | undefined>(REQUIRED_CAPABILITY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!capability) return true;
    const principal = requestOf(context).req.user;
    if (!principal) throw new UnauthorizedException('Missing, expired or invalid credentials.');
    if (reach(principal, capability).kind === 'none') {
      throw new ForbiddenException(`This needs the "${capability}" permission.`);
    }
    return true;
  }
}

/** Per-principal request rate (per IP before sign-in); counts each HTTP request once, GraphQL included. */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as AuthenticatedRequest).user;
    return principal && principal.kind !== 'system'
      ? `${principal.kind}:${principal.id}`
      : `ip:${(req as unknown as AuthenticatedRequest).ip}`;
  }

  /** One count per principal across every route and resolver (the default key is per handler). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  override getRequestResponse(context: ExecutionContext) {
    const { req, reply } = requestOf(context);
    return {
      req: req as unknown as Record<string, unknown>,
      res: reply as unknown as Record<string, unknown>,
    };
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { req } = requestOf(context);
    // The first top-level field of a GraphQL request decides for all of them: one count per request, and a
    // refused request stays refused for its other fields.
    req.rateLimit ??= super.canActivate(context);
    return req.rateLimit;
  }
}

/** The authenticated caller of a GraphQL request (the guard guarantees one on non-public resolvers). */
export function viewerOf(context: { req: FastifyRequest }): Principal {
  const principal = (context.req as AuthenticatedRequest).user;
  if (!principal) throw new UnauthorizedException('Missing, expired or invalid credentials.');
  return principal;
}

/** How far the GraphQL caller reaches for a capability. */
export function reachOf(context: { req: FastifyRequest }, capability: Capability): Reach {
  return reach(viewerOf(context), capability);
}

/** For lists: a caller with no reach at all is told so (FORBIDDEN) rather than shown an empty list. */
export function listReachOf(context: { req: FastifyRequest }, capability: Capability): Reach {
  const found = reachOf(context, capability);
  if (found.kind === 'none') throw new ForbiddenException(`This needs the "${capability}" permission.`);
  return found;
}
