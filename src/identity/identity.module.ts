import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessTokenStrategy, ApiKeyStrategy, OidcStrategy } from './auth.strategies';
import { HiringTeamService } from './hiring-team.service';
import { HiringTeamResolver, IdentityResolver } from './identity.resolvers';
import { SignInThrottle } from './sign-in-throttle';
import { TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [PassportModule, RequisitionsModule],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    UsersService,
    ApiKeysService,
    TokensService,
    SignInThrottle,
    AuthService,
    HiringTeamService,
    ApiKeyStrategy,
    AccessTokenStrategy,
    OidcStrategy,
    IdentityResolver,
    HiringTeamResolver,
  ],
  exports: [UsersService, HiringTeamService, TokensService],
})
export class IdentityModule {}
