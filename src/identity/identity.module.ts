import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessTokenStrategy, ApiKeyStrategy, OidcStrategy } from './auth.strategies';
import { IdentityResolver } from './identity.resolvers';
import { SignInThrottle } from './sign-in-throttle';
import { TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { UserEntity } from './user.entity';
import { ApiKeyEntity } from './api-key.entity';
import { SignInThrottleEntity } from './sign-in-throttle.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const IDENTITY_ENTITIES = [UserEntity, ApiKeyEntity, SignInThrottleEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES), PassportModule],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    UsersService,
    ApiKeysService,
    TokensService,
    SignInThrottle,
    AuthService,
    ApiKeyStrategy,
    AccessTokenStrategy,
    OidcStrategy,
    IdentityResolver,
  ],
  exports: [UsersService, TokensService],
})
export class IdentityModule {}
