import { ForbiddenException } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf, fromGlobalId, NIL_UUID } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { listReachOf, reachOf, viewerOf } from '../identity/auth.guards';
import { UserRole } from '../identity/identity.enums';
import { UserModel } from '../identity/user.model';
import { ApplicationModel } from '../pipeline/application.model';
import { PipelineLoaders } from '../pipeline/pipeline.loaders';
import { RejectionReasonModel } from '../pipeline/rejection-reason.model';
import { MoneyValue, Decider } from './offer.rules';
import {
  CreateOfferInput,
  MoneyInput,
  OfferDecisionInput,
  OfferInput,
  OffersArgs,
  RecordOfferResponseInput,
  UpdateOfferInput,
} from './dto/offer.inputs';
import { OfferPayload } from './dto/offer.payloads';
import { ApprovalDecision } from './offer.enums';
import { OfferEntity } from './offer.entity';
import { OfferLoaders } from './offer.loaders';
import { OfferApprovalModel, OfferConnection, OfferModel } from './offer.model';
import { OffersService } from './offers.service';

const payload = (row: OfferEntity): OfferPayload => ({ offer: OfferModel.from(row), userErrors: [] });

const moneyOf = (input: MoneyInput | null | undefined): MoneyValue | null | undefined =>
  input == null ? input : { amount: input.amount, currency: input.currency, period: input.period ?? null };

const userIds = (ids: string[]) => ids.map((id) => databaseIdOf(id, 'User'));

/** Whose decision it would be: users only (an administrator may decide the pay-band step). */
function deciderOf(context: GraphQLContext): Decider {
  const viewer = viewerOf(context);
  return viewer.kind === 'user'
    ? { kind: 'user', id: viewer.id, isAdmin: viewer.role === UserRole.ADMIN }
    : { kind: 'other' };
}

@Resolver(() => OfferModel)
export class OffersResolver {
  constructor(
    private readonly service: OffersService,
    private readonly loaders: OfferLoaders,
    private readonly pipeline: PipelineLoaders,
  ) {}

  @Query(() => OfferModel, {
    nullable: true,
    description:
      'Null when it does not exist or is beyond reach: interviewers never learn that an offer exists.',
  })
  async offer(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<OfferModel | null> {
    const dbId = fromGlobalId(id, 'Offer');
    const row = dbId ? await this.loaders.offerById(context).load(dbId) : null;
    return row ? OfferModel.from(row) : null;
  }

  @Requires('offers:read')
  @Query(() => OfferConnection, {
    description: "Newest first, within reach: recruiters and admins all, hiring managers their teams'.",
  })
  async offers(@Args() args: OffersArgs, @Context() context: GraphQLContext): Promise<OfferConnection> {
    const reach = listReachOf(context, 'offers:read');
    const page = toPageRequest(args);
    const filter = {
      status: args.status,
      requisitionId:
        args.requisitionId == null ? null : (fromGlobalId(args.requisitionId, 'Requisition') ?? NIL_UUID),
    };
    return toConnection(
      await this.service.findPage(filter, page, reach),
      page,
      (o) => ({ key: o.createdAt.getTime(), id: o.id }),
      OfferModel.from,
      () => this.service.count(filter, reach),
    );
  }

  @ResolveField(() => ApplicationModel)
  async application(
    @Parent() offer: OfferModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel> {
    const row = await this.pipeline.applicationById(context).load(offer.row.applicationId);
    if (!row) throw new ForbiddenException('Reading the application needs the "candidates:read" permission.');
    return ApplicationModel.from(row);
  }

  @ResolveField(() => [OfferApprovalModel], { description: 'The chain, in order.' })
  async approvals(
    @Parent() offer: OfferModel,
    @Context() context: GraphQLContext,
  ): Promise<OfferApprovalModel[]> {
    return (await this.loaders.approvalsByOffer(context).load(offer.row.id)).map(OfferApprovalModel.from);
  }

  @ResolveField(() => RejectionReasonModel, { nullable: true, description: 'Why the candidate declined.' })
  async declineReason(
    @Parent() offer: OfferModel,
    @Context() context: GraphQLContext,
  ): Promise<RejectionReasonModel | null> {
    const id = offer.row.declineReasonId;
    const row = id ? await this.pipeline.rejectionReasonById(context).load(id) : null;
    return row ? RejectionReasonModel.from(row) : null;
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description: 'A DRAFT offer for an ACTIVE application; one offer that is not final per application.',
  })
  async createOffer(
    @Args('input') input: CreateOfferInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    const row = await this.service.create(
      {
        ...input,
        applicationId: databaseIdOf(input.applicationId, 'Application'),
        baseSalary: moneyOf(input.baseSalary)!,
        signOnBonus: moneyOf(input.signOnBonus),
        approverIds: userIds(input.approverIds),
      },
      reachOf(context, 'offers:write'),
    );
    return payload(row);
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description:
      'Edits a DRAFT, or a PENDING_APPROVAL offer, which goes back to DRAFT with its approvals cleared.',
  })
  async updateOffer(
    @Args('input') input: UpdateOfferInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    const row = await this.service.update(
      {
        ...input,
        id: databaseIdOf(input.id, 'Offer'),
        baseSalary: moneyOf(input.baseSalary),
        signOnBonus: moneyOf(input.signOnBonus),
        approverIds: input.approverIds == null ? input.approverIds : userIds(input.approverIds),
      },
      reachOf(context, 'offers:write'),
    );
    return payload(row);
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description:
      'DRAFT → PENDING_APPROVAL (or APPROVED at once with no approvers inside the pay band); the pay band is checked again.',
  })
  async requestOfferApproval(
    @Args('input') input: OfferInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.requestApproval(
        { ...input, id: databaseIdOf(input.id, 'Offer') },
        reachOf(context, 'offers:write'),
      ),
    );
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description:
      'By the approver whose turn it is (NOT_YOUR_TURN otherwise); the last approval approves the offer.',
  })
  async approveOffer(
    @Args('input') input: OfferDecisionInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.decide(
        ApprovalDecision.APPROVED,
        { ...input, id: databaseIdOf(input.id, 'Offer') },
        deciderOf(context),
        reachOf(context, 'offers:write'),
      ),
    );
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description: 'By the approver whose turn it is (NOT_YOUR_TURN otherwise); the offer goes back to DRAFT.',
  })
  async rejectOffer(
    @Args('input') input: OfferDecisionInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.decide(
        ApprovalDecision.REJECTED,
        { ...input, id: databaseIdOf(input.id, 'Offer') },
        deciderOf(context),
        reachOf(context, 'offers:write'),
      ),
    );
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, { description: 'APPROVED → SENT, before `expiresAt`.' })
  async markOfferSent(
    @Args('input') input: OfferInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.markSent(
        { ...input, id: databaseIdOf(input.id, 'Offer') },
        reachOf(context, 'offers:write'),
      ),
    );
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, {
    description:
      "The candidate's answer to a SENT offer. ACCEPTED hires: the application moves to the HIRED stage in the same transaction.",
  })
  async recordOfferResponse(
    @Args('input') input: RecordOfferResponseInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.recordResponse(
        {
          ...input,
          id: databaseIdOf(input.id, 'Offer'),
          reasonId: input.reasonId == null ? null : databaseIdOf(input.reasonId, 'RejectionReason'),
        },
        reachOf(context, 'offers:write'),
      ),
    );
  }

  @Requires('offers:write')
  @Mutation(() => OfferPayload, { description: 'Withdraws an offer that is not final.' })
  async rescindOffer(
    @Args('input') input: OfferInput,
    @Context() context: GraphQLContext,
  ): Promise<OfferPayload> {
    return payload(
      await this.service.rescind(
        { ...input, id: databaseIdOf(input.id, 'Offer') },
        reachOf(context, 'offers:write'),
      ),
    );
  }
}

@Resolver(() => OfferApprovalModel)
export class OfferApprovalResolver {
  constructor(private readonly loaders: OfferLoaders) {}

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'The approver; for the pay-band step, the administrator who decided it (null until then).',
  })
  async approver(
    @Parent() approval: OfferApprovalModel,
    @Context() context: GraphQLContext,
  ): Promise<UserModel | null> {
    const id = approval.row.approverId ?? approval.row.decidedById;
    const row = id ? await this.loaders.userById(context).load(id) : null;
    return row ? UserModel.from(row) : null;
  }
}

/** `Application.offers`: compensation data, so null (not even an empty list) for callers who may not read offers. */
@Resolver(() => ApplicationModel)
export class ApplicationOffersResolver {
  constructor(private readonly loaders: OfferLoaders) {}

  @ResolveField(() => [OfferModel], {
    nullable: true,
    description: 'Its offers, newest first; null for callers who may not read offers.',
  })
  async offers(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<OfferModel[] | null> {
    const rows = await this.loaders.offersByApplication(context).load(application.row.id);
    return rows && rows.map(OfferModel.from);
  }
}
