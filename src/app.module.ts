import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from './audit/audit.module';
import { AuthenticationGuard, CapabilityGuard, PrincipalThrottlerGuard } from './identity/auth.guards';
import { IdentityModule } from './identity/identity.module';
import { RequestRateStorage } from './identity/request-rate.storage';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger, LoggerModule } from 'nestjs-pino';
import { answerPrefetchedFirst } from './common/graphql/prefetched';
import { PREFETCHED_CARD_FIELDS } from './pipeline/pipeline.loaders';
import { CandidatesModule } from './candidates/candidates.module';
import { migrationsOnlyOptions } from './common/database/data-source-options';
import { ProblemDetailsFilter } from './common/errors/problem-details';
import { RawJsonBodies } from './common/http/raw-json-body';
import { formatGraphQLError } from './common/errors/graphql-error-format';
import { loggableError } from './common/errors/loggable-error';
import { serviceUnavailablePlugin } from './common/errors/service-unavailable.plugin';
import { InputValidationPipe } from './common/graphql/input-validation.pipe';
import { queryLimitsPlugin } from './common/graphql/query-limits.plugin';
import { GraphQLContext, LoaderRegistry } from './common/graphql/request-context';
import { mutationsAnswerUserErrors } from './common/graphql/user-errors';
import { ConfigModule } from './config/config.module';
import { LifecycleModule } from './common/lifecycle';
import { Environment } from './config/environment';
import { EeoModule } from './eeo/eeo.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { JobBoardsModule } from './job-boards/job-boards.module';
import { JobsModule } from './jobs/jobs.module';
import { MatchingModule } from './matching/matching.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { NodeModule } from './common/graphql/node.module';
import { NotesModule } from './notes/notes.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { CandidateExportModule } from './privacy/export/candidate-export.module';
import { OffersModule } from './offers/offers.module';
import { ReportsModule } from './reports/reports.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RequisitionsModule } from './requisitions/requisitions.module';
import { SkillsModule } from './skills/skills.module';
import { graphqlMetricsPlugin } from './observability/graphql-metrics.plugin';
import { requestLogOptions } from './observability/request-log';
import type { Metrics } from './observability/metrics';
import { METRICS, ObservabilityModule } from './observability/observability.module';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface AppOptions {
  /** The PostgreSQL server to use (the embedded one's URL when running without DATABASE_URL). */
  databaseUrl: string;
  embedded: boolean;
  /** The validated environment createApp was given; without it, ConfigModule reads process.env again. */
  env?: Environment;
}

export const GRAPHQL_LIMITS = { maxDepth: 12, maxAliases: 30 };

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.env),
        LifecycleModule,
        LoggerModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) => ({ pinoHttp: requestLogOptions(env) }),
        }),
        TypeOrmModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) => ({
            // Each module registers its own entities (TypeOrmModule.forFeature).
            ...migrationsOnlyOptions({
              url: options.databaseUrl,
              poolSize: env.DATABASE_POOL_SIZE,
              runMigrations: env.MIGRATIONS_RUN,
              embedded: options.embedded,
            }),
            autoLoadEntities: true,
          }),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Environment, Logger, METRICS],
          useFactory: (env: Environment, logger: Logger, metrics: Metrics | null) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            transformSchema: (schema) =>
              mutationsAnswerUserErrors(answerPrefetchedFirst(PREFETCHED_CARD_FIELDS)(schema)),
            introspection: env.introspectionEnabled(),
            playground: false,
            includeStacktraceInErrorResponses: false,
            csrfPrevention: true,
            allowBatchedHttpRequests: false,
            // Automatic persisted queries would need a cache shared by every instance; a client that tries them is
            // told they are not supported (PERSISTED_QUERY_NOT_SUPPORTED) and sends the query itself.
            persistedQueries: false,
            // The parser stops at this many tokens, so an oversized document costs no more than reading it.
            parseOptions: { maxTokens: env.GRAPHQL_MAX_TOKENS },
            context: (request: FastifyRequest, reply: FastifyReply): GraphQLContext => ({
              req: request,
              reply,
              loaders: new LoaderRegistry(),
            }),
            plugins: [
              queryLimitsPlugin({ ...GRAPHQL_LIMITS, maxCost: env.GRAPHQL_MAX_COST }),
              // No @cacheControl hints exist and answers are per caller; the default plugin would only cost a
              // hook call per resolved field (≈ 4 % of the board's CPU).
              ApolloServerPluginCacheControlDisabled(),
              ...(metrics ? [graphqlMetricsPlugin(metrics)] : []),
              // A database outage answers 503 with Retry-After, not 200.
              serviceUnavailablePlugin(),
            ],
            formatError: (formatted, error) =>
              formatGraphQLError(formatted, error, (original) =>
                logger.error({ err: loggableError(original) }, 'Unexpected error', 'GraphQL'),
              ),
          }),
        }),
        ThrottlerModule.forRootAsync({
          inject: [Environment, RequestRateStorage],
          useFactory: (env: Environment, storage: RequestRateStorage) => ({
            // Each process's memory, or a store every API process shares (RATE_LIMIT_STORE).
            storage,
            // Named "default" so the headers are the standard Retry-After and X-RateLimit-* (any other name is
            // appended to them: "Retry-After-requests").
            throttlers: [{ name: 'default', ttl: 60_000, limit: env.RATE_LIMIT_PER_MINUTE }],
          }),
        }),
        JobsModule.forRoot({ url: options.databaseUrl, embedded: options.embedded }),
        AuditModule,
        IdentityModule,
        EventsModule,
        SkillsModule,
        RequisitionsModule,
        CandidatesModule,
        PipelineModule,
        NotesModule,
        EvaluationModule,
        OffersModule,
        EeoModule,
        ReportsModule,
        CandidateExportModule,
        PrivacyModule,
        MatchingModule,
        JobBoardsModule,
        WebhooksModule,
        NodeModule,
        HealthModule,
        ObservabilityModule,
      ],
      providers: [
        // Guards run in this order: who is calling, how often, and whether they may do this at all.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
        { provide: APP_GUARD, useClass: CapabilityGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Signed inbound webhooks need their JSON bodies as received.
        RawJsonBodies,
      ],
    };
  }
}
