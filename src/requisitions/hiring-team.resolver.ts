import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { GraphQLContext, groupBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { AddRequisitionMemberInput, RemoveRequisitionMemberInput } from './dto/requisition-member.inputs';
import { RequisitionMemberPayload } from './dto/requisition.payloads';
import { HiringTeamService } from './hiring-team.service';
import { RequisitionMemberModel } from './requisition-member.model';
import { RequisitionLoaders } from './requisition.loaders';
import { RequisitionModel } from './requisition.model';

@Resolver(() => RequisitionModel)
export class HiringTeamResolver {
  constructor(
    private readonly team: HiringTeamService,
    private readonly requisitions: RequisitionLoaders,
  ) {}

  @ResolveField(() => [RequisitionMemberModel], { description: 'The hiring team.' })
  async members(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberModel[]> {
    const loader = context.loaders.get(
      'requisition.members',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.team.findByRequisitionIds(ids), (m) => m.requisitionId),
        ),
    );
    return (await loader.load(requisition.row.id)).map(RequisitionMemberModel.from);
  }

  @Mutation(() => RequisitionMemberPayload, {
    description: 'Adds a user to a hiring team, or changes their role in it.',
  })
  @Requires('requisitions:write')
  async addRequisitionMember(
    @Args('input') input: AddRequisitionMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberPayload> {
    const { requisitionId, member } = await this.team.add(
      {
        requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
        userId: databaseIdOf(input.userId, 'User'),
        role: input.role,
      },
      reachOf(context, 'requisitions:write'),
    );
    return {
      requisition: await this.requisitionModel(context, requisitionId),
      member: RequisitionMemberModel.from(member),
      userErrors: [],
    };
  }

  @Mutation(() => RequisitionMemberPayload)
  @Requires('requisitions:write')
  async removeRequisitionMember(
    @Args('input') input: RemoveRequisitionMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberPayload> {
    const { requisitionId } = await this.team.remove(
      {
        requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
        userId: databaseIdOf(input.userId, 'User'),
      },
      reachOf(context, 'requisitions:write'),
    );
    return { requisition: await this.requisitionModel(context, requisitionId), member: null, userErrors: [] };
  }

  private async requisitionModel(context: GraphQLContext, id: string): Promise<RequisitionModel | null> {
    const row = await this.requisitions.byId(context).load(id);
    return row ? RequisitionModel.from(row) : null;
  }
}
