import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { Environment } from '../config/environment';
import { installJobQueue } from './job-queue';
import { JOB_DATABASE, JobDatabase, JobRunner } from './job-runner';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const JOB_ENTITIES = [WorkerHeartbeatEntity];

@Global()
@Module({})
export class JobsModule implements OnModuleInit {
  constructor(
    private readonly env: Environment,
    @Inject(JOB_DATABASE) private readonly database: JobDatabase,
  ) {}

  static forRoot(database: JobDatabase): DynamicModule {
    return {
      module: JobsModule,
      imports: [TypeOrmModule.forFeature(JOB_ENTITIES)],
      providers: [{ provide: JOB_DATABASE, useValue: database }, JobRunner],
      exports: [JobRunner],
    };
  }

  /** The queue's schema is part of the database: installed or upgraded with the service's own migrations. */
  async onModuleInit(): Promise<void> {
    if (this.env.MIGRATIONS_RUN) await installJobQueue(this.database.url, this.database.embedded);
  }
}
