import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { databaseIdOf, fromGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { SkillModel } from '../skills/skill.model';
import { RequisitionsArgs } from './dto/requisition-filter.input';
import {
  CreateRequisitionInput,
  RequisitionStatusInput,
  UpdateRequisitionInput,
} from './dto/requisition.inputs';
import {
  CreateRequisitionPayload,
  RequisitionStatusPayload,
  UpdateRequisitionPayload,
} from './dto/requisition.payloads';
import { RequisitionConnection } from './requisition.connection';
import { RequisitionLoaders } from './requisition.loaders';
import { RequisitionModel, RequisitionSkillModel, SalaryRangeModel } from './requisition.model';
import { seesSalary } from '../identity/access.rules';
import { listReachOf, reachOf, viewerOf } from '../identity/auth.guards';
import { Requires } from '../common/auth/permissions';
import { RequisitionsService } from './requisitions.service';

@Resolver(() => RequisitionModel)
export class RequisitionsResolver {
  constructor(
    private readonly service: RequisitionsService,
    private readonly loaders: RequisitionLoaders,
  ) {}

  @Query(() => RequisitionModel, { nullable: true })
  async requisition(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionModel | null> {
    const dbId = fromGlobalId(id, 'Requisition');
    const row = dbId ? await this.loaders.byId(context).load(dbId) : null;
    return row ? RequisitionModel.from(row) : null;
  }

  @Query(() => RequisitionConnection, { description: 'Newest first.' })
  async requisitions(
    @Args() args: RequisitionsArgs,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionConnection> {
    const page = toPageRequest(args);
    const reach = listReachOf(context, 'requisitions:read');
    const rows = await this.service.findPage(args.filter, page, reach);
    return toConnection(
      rows,
      page,
      (r) => ({ key: r.createdAt.getTime(), id: r.id }),
      RequisitionModel.from,
      () => this.service.count(args.filter, reach),
    );
  }

  @ResolveField(() => SalaryRangeModel, {
    nullable: true,
    description: 'Null for interviewers, who do not see pay.',
  })
  salaryRange(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): SalaryRangeModel | null {
    return seesSalary(viewerOf(context)) ? requisition.salaryRange : null;
  }

  @ResolveField(() => [RequisitionSkillModel])
  async skills(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionSkillModel[]> {
    const rows = await this.loaders.skills(context).load(requisition.row.id);
    return rows.map((row) =>
      Object.assign(new RequisitionSkillModel(), {
        skill: SkillModel.from(row.skill),
        importance: row.importance,
        minYears: row.minYears,
      }),
    );
  }

  @Requires('requisitions:create')
  @Mutation(() => CreateRequisitionPayload, {
    description: 'Creates a DRAFT requisition with the default pipeline.',
  })
  async createRequisition(@Args('input') input: CreateRequisitionInput): Promise<CreateRequisitionPayload> {
    return { requisition: RequisitionModel.from(await this.service.create(input)), userErrors: [] };
  }

  @Requires('requisitions:write')
  @Mutation(() => UpdateRequisitionPayload)
  async updateRequisition(
    @Args('input') input: UpdateRequisitionInput,
    @Context() context: GraphQLContext,
  ): Promise<UpdateRequisitionPayload> {
    return {
      requisition: RequisitionModel.from(
        await this.service.update(
          { ...input, id: databaseIdOf(input.id, 'Requisition') },
          reachOf(context, 'requisitions:write'),
        ),
      ),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => RequisitionStatusPayload, {
    description: 'DRAFT or ON_HOLD (or FILLED below headcount) → OPEN.',
  })
  async openRequisition(
    @Args('input') input: RequisitionStatusInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionStatusPayload> {
    return {
      requisition: RequisitionModel.from(
        await this.service.changeStatus(
          'open',
          { ...input, id: databaseIdOf(input.id, 'Requisition') },
          reachOf(context, 'requisitions:write'),
        ),
      ),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => RequisitionStatusPayload, { description: 'OPEN → ON_HOLD: stops accepting applications.' })
  async holdRequisition(
    @Args('input') input: RequisitionStatusInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionStatusPayload> {
    return {
      requisition: RequisitionModel.from(
        await this.service.changeStatus(
          'hold',
          { ...input, id: databaseIdOf(input.id, 'Requisition') },
          reachOf(context, 'requisitions:write'),
        ),
      ),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => RequisitionStatusPayload, { description: 'Any status but CLOSED → CLOSED, for good.' })
  async closeRequisition(
    @Args('input') input: RequisitionStatusInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionStatusPayload> {
    return {
      requisition: RequisitionModel.from(
        await this.service.changeStatus(
          'close',
          { ...input, id: databaseIdOf(input.id, 'Requisition') },
          reachOf(context, 'requisitions:write'),
        ),
      ),
      userErrors: [],
    };
  }
}
