import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CallerReads } from './caller-reads';
import { AccessTokenStrategy, ApiKeyStrategy, OidcStrategy } from './auth.strategies';
import { IdentityLoaders } from './identity.loaders';
import { RequestRateEntity } from './request-rate.entity';
import { RequestRateRepository } from './request-rate.repository';
import { RequestRateStorage } from './request-rate.storage';
import { SignInThrottleEntity } from './sign-in-throttle.entity';
import { SignInThrottleRepository } from './sign-in-throttle.repository';
import { SignInThrottleService } from './sign-in-throttle.service';
import { TokensService } from './tokens.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';
import { ViewerResolver } from './viewer.resolver';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const IDENTITY_ENTITIES = [UserEntity, ApiKeyEntity, SignInThrottleEntity, RequestRateEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES), PassportModule],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    UsersService,
    ApiKeysRepository,
    ApiKeysService,
    TokensService,
    SignInThrottleRepository,
    SignInThrottleService,
    RequestRateRepository,
    RequestRateStorage,
    AuthService,
    CallerReads,
    ApiKeyStrategy,
    AccessTokenStrategy,
    OidcStrategy,
    IdentityLoaders,
    ViewerResolver,
    UsersResolver,
    ApiKeysResolver,
  ],
  exports: [UsersService, TokensService, IdentityLoaders, RequestRateStorage],
})
export class IdentityModule {}
