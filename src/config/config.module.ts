import { DynamicModule, Global, Module } from '@nestjs/common';
import { Environment, loadEnvironment } from './environment';

@Global()
@Module({})
export class ConfigModule {
  /** Provides the environment the caller validated (main.ts, tests with overrides); else reads process.env. */
  static forRoot(env?: Environment): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: Environment, useFactory: () => env ?? loadEnvironment() }],
      exports: [Environment],
    };
  }
}
