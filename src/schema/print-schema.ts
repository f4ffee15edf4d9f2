/**
 * Writes schema.gql from the resolvers, without a database: `npm run schema:print`. A test compares the file
 * with the schema the running application serves, so the committed contract cannot drift.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CandidatesResolver } from '../candidates/candidates.resolver';
import { NodeResolver } from '../common/graphql/node.resolver';
import {
  ApplicationsResolver,
  CandidatePipelineResolver,
  PipelineStageResolver,
  RequisitionPipelineResolver,
  StageTransitionResolver,
} from '../pipeline/pipeline.resolvers';
import { RequisitionsResolver } from '../requisitions/requisitions.resolver';
import { SkillsResolver } from '../skills/skills.resolver';
import { toSdl } from './schema-sdl';
import { AuditResolver } from '../audit/audit.resolver';
import { IdentityResolver } from '../identity/identity.resolvers';
import { HiringTeamResolver } from '../requisitions/hiring-team.resolver';
import {
  JobBoardsResolver,
  JobPostingResolver,
  RequisitionPostingsResolver,
} from '../job-boards/job-boards.resolvers';
import {
  ApplicationResumeResolver,
  CandidateResumesResolver,
  ResumeResolver,
} from '../resumes/resumes.resolver';

import { EventsResolver } from '../events/events.resolver';
import { WebhookDeliveriesResolver, WebhookSubscriptionsResolver } from '../webhooks/webhooks.resolvers';

const RESOLVERS = [
  RequisitionsResolver,
  CandidatesResolver,
  SkillsResolver,
  NodeResolver,
  RequisitionPipelineResolver,
  CandidatePipelineResolver,
  PipelineStageResolver,
  ApplicationsResolver,
  StageTransitionResolver,
  IdentityResolver,
  HiringTeamResolver,
  AuditResolver,
  JobBoardsResolver,
  JobPostingResolver,
  RequisitionPostingsResolver,
  ResumeResolver,
  CandidateResumesResolver,
  ApplicationResumeResolver,
  EventsResolver,
  WebhookSubscriptionsResolver,
  WebhookDeliveriesResolver,
];

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  const file = join(__dirname, '../../../schema.gql');
  writeFileSync(file, toSdl(schema));
  await app.close();
  console.log(`Wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
