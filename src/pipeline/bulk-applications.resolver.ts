import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { GraphQLContext } from '../common/graphql/request-context';
import { toGraphQLUserErrors } from '../common/graphql/user-errors';
import { reachOf } from '../identity/auth.guards';
import { ApplicationModel } from './application.model';
import { BulkApplicationsService, BulkItemResult } from './bulk-applications.service';
import { BulkMoveApplicationsInput, BulkRejectApplicationsInput } from './dto/application.inputs';
import { BulkApplicationResult, BulkApplicationsPayload } from './dto/application.payloads';

/**
 * Bulk decisions: one result per id, in input order. An item's refusal names its place in `ids`
 * (`['input', 'ids', '3']`) or the shared field it concerns (`['input', 'stageId']`).
 */
function toResults(ids: string[], results: BulkItemResult[]): BulkApplicationsPayload {
  return {
    results: results.map((result, index): BulkApplicationResult => {
      if ('change' in result) {
        return {
          id: ids[index],
          application: ApplicationModel.from(result.change.application),
          userErrors: [],
        };
      }
      const errors = toGraphQLUserErrors(result.error).map((e) => ({
        ...e,
        field: e.field?.[0] === 'id' ? ['input', 'ids', String(index)] : e.field && ['input', ...e.field],
      }));
      return { id: ids[index], application: null, userErrors: errors };
    }),
    userErrors: [],
  };
}

@Resolver(() => BulkApplicationsPayload)
export class BulkApplicationsResolver {
  constructor(private readonly bulk: BulkApplicationsService) {}

  @ResolveField(() => [BulkApplicationResult], {
    description: 'One per id, in input order; empty when the whole call was refused (see userErrors).',
  })
  results(@Parent() payload: BulkApplicationsPayload): BulkApplicationResult[] {
    return payload.results ?? [];
  }

  @Requires('applications:write')
  @Mutation(() => BulkApplicationsPayload, {
    description:
      'Rejects up to 500 ACTIVE applications, each in its own transaction: one refusal leaves the others rejected.',
  })
  async bulkRejectApplications(
    @Args('input') input: BulkRejectApplicationsInput,
    @Context() context: GraphQLContext,
  ): Promise<BulkApplicationsPayload> {
    const results = await this.bulk.reject(
      {
        ids: input.ids.map((id) => databaseIdOf(id, 'Application')),
        reasonId: input.reasonId == null ? null : databaseIdOf(input.reasonId, 'RejectionReason'),
        reason: input.reason,
      },
      reachOf(context, 'applications:write'),
    );
    return toResults(input.ids, results);
  }

  @Requires('applications:write')
  @Mutation(() => BulkApplicationsPayload, {
    description:
      'Moves up to 500 ACTIVE applications to a stage, each in its own transaction: one refusal leaves the others moved.',
  })
  async bulkMoveApplications(
    @Args('input') input: BulkMoveApplicationsInput,
    @Context() context: GraphQLContext,
  ): Promise<BulkApplicationsPayload> {
    const results = await this.bulk.move(
      {
        ids: input.ids.map((id) => databaseIdOf(id, 'Application')),
        stageId: databaseIdOf(input.stageId, 'PipelineStage'),
      },
      reachOf(context, 'applications:write'),
    );
    return toResults(input.ids, results);
  }
}
