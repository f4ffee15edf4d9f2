import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { ApplicationModel } from './application.model';
import {
  CreateRejectionReasonInput,
  RejectionReasonsArgs,
  UpdateRejectionReasonInput,
} from './dto/rejection-reason.inputs';
import { RejectionReasonPayload } from './dto/rejection-reason.payloads';
import { PipelineLoaders } from './pipeline.loaders';
import { RejectionReasonConnection, RejectionReasonModel } from './rejection-reason.model';
import { RejectionReasonsService } from './rejection-reasons.service';

/** The rejection-reason list (read by everyone who sees applications, kept by administrators). */
@Resolver(() => RejectionReasonModel)
export class RejectionReasonsResolver {
  constructor(private readonly service: RejectionReasonsService) {}

  @Requires('candidates:read')
  @Query(() => RejectionReasonConnection, { description: 'Newest first; active ones only unless asked.' })
  async rejectionReasons(@Args() args: RejectionReasonsArgs): Promise<RejectionReasonConnection> {
    const page = toPageRequest(args);
    const filter = { category: args.category, includeInactive: args.includeInactive };
    return toConnection(
      await this.service.findPage(filter, page),
      page,
      (r) => ({ key: r.createdAt.getTime(), id: r.id }),
      RejectionReasonModel.from,
      () => this.service.count(filter),
    );
  }

  @Requires('administer')
  @Mutation(() => RejectionReasonPayload)
  async createRejectionReason(
    @Args('input') input: CreateRejectionReasonInput,
  ): Promise<RejectionReasonPayload> {
    return { rejectionReason: RejectionReasonModel.from(await this.service.create(input)), userErrors: [] };
  }

  @Requires('administer')
  @Mutation(() => RejectionReasonPayload, {
    description:
      'Renames or (de)activates a reason; reasons are never deleted, so records naming them keep their meaning.',
  })
  async updateRejectionReason(
    @Args('input') input: UpdateRejectionReasonInput,
  ): Promise<RejectionReasonPayload> {
    const row = await this.service.update({ ...input, id: databaseIdOf(input.id, 'RejectionReason') });
    return { rejectionReason: RejectionReasonModel.from(row), userErrors: [] };
  }
}

/** The structured reason on an application. */
@Resolver(() => ApplicationModel)
export class ApplicationReasonResolver {
  constructor(private readonly loaders: PipelineLoaders) {}

  @ResolveField(() => RejectionReasonModel, {
    nullable: true,
    description: 'The structured reason it was rejected or withdrew, when one was given.',
  })
  async closingReason(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<RejectionReasonModel | null> {
    const id = application.row.reasonId;
    const row = id ? await this.loaders.rejectionReasonById(context).load(id) : null;
    return row ? RejectionReasonModel.from(row) : null;
  }
}
