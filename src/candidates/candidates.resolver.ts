import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { databaseIdOf, fromGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { SkillModel } from '../skills/skill.model';
import { seesContactDetails } from '../identity/access.rules';
import { listReachOf, viewerOf } from '../identity/auth.guards';
import { Requires } from '../common/auth/permissions';
import { CandidateConnection } from './candidate.connection';
import { CandidateLoaders } from './candidate.loaders';
import { CandidateModel, CandidateSkillModel } from './candidate.model';
import { CandidatesService } from './candidates.service';
import { CandidatesArgs } from './dto/candidate-filter.input';
import {
  CreateCandidateInput,
  RecordCandidateConsentInput,
  UpdateCandidateInput,
} from './dto/candidate.inputs';
import {
  CreateCandidatePayload,
  RecordCandidateConsentPayload,
  UpdateCandidatePayload,
} from './dto/candidate.payloads';

@Resolver(() => CandidateModel)
export class CandidatesResolver {
  constructor(
    private readonly service: CandidatesService,
    private readonly loaders: CandidateLoaders,
  ) {}

  @Query(() => CandidateModel, { nullable: true })
  async candidate(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<CandidateModel | null> {
    const dbId = fromGlobalId(id, 'Candidate');
    const row = dbId ? await this.loaders.byId(context).load(dbId) : null;
    return row ? CandidateModel.from(row) : null;
  }

  @Query(() => CandidateConnection, {
    description:
      'Newest first; with `filter.search`, a ranked full-text search, best match first (see `CandidateFilter.search`).',
  })
  async candidates(
    @Args() args: CandidatesArgs,
    @Context() context: GraphQLContext,
  ): Promise<CandidateConnection> {
    const page = toPageRequest(args);
    const query = await this.service.toQuery(
      args.filter,
      listReachOf(context, 'candidates:read'),
      seesContactDetails(viewerOf(context)),
    );
    const search = query.search?.trim();
    if (search) {
      return toConnection(
        await this.service.searchPage(query, page),
        page,
        (hit) => ({ key: hit.rank, id: hit.candidate.id }),
        (hit) => Object.assign(CandidateModel.from(hit.candidate), { search }),
        () => this.service.count(query),
      );
    }
    return toConnection(
      await this.service.findPage(query, page),
      page,
      (c) => ({ key: c.createdAt.getTime(), id: c.id }),
      CandidateModel.from,
      () => this.service.count(query),
    );
  }

  @ResolveField(() => [CandidateSkillModel])
  async skills(
    @Parent() candidate: CandidateModel,
    @Context() context: GraphQLContext,
  ): Promise<CandidateSkillModel[]> {
    const rows = await this.loaders.skills(context).load(candidate.row.id);
    // Evidence is a line of a resume, which interviewers do not read.
    const seesResumes = seesContactDetails(viewerOf(context));
    return rows.map((row) =>
      CandidateSkillModel.of(
        SkillModel.from(row.skill),
        row.years,
        row.source,
        seesResumes ? row.evidence : null,
      ),
    );
  }

  @ResolveField(() => [String], {
    nullable: true,
    description:
      'Where the candidate matches the search that listed them (`candidates(filter: { search })`): fragments of name and headline, skills, education, certifications and resume text (not for interviewers), each only if it holds a match, with matched words between ⟦ and ⟧ (U+27E6, U+27E7). Plain text, never HTML: replace the markers after escaping. Null outside a search.',
  })
  async searchHighlights(
    @Parent() candidate: CandidateModel,
    @Context() context: GraphQLContext,
  ): Promise<string[] | null> {
    if (!candidate.search) return null;
    return this.loaders
      .searchHighlights(context, candidate.search, seesContactDetails(viewerOf(context)))
      .load(candidate.row.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Primary e-mail; unique across candidates, case-insensitively. Null for interviewers.',
  })
  email(@Parent() candidate: CandidateModel, @Context() context: GraphQLContext): string | null {
    return seesContactDetails(viewerOf(context)) ? candidate.email : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Null for interviewers.' })
  phone(@Parent() candidate: CandidateModel, @Context() context: GraphQLContext): string | null {
    return seesContactDetails(viewerOf(context)) ? candidate.phone : null;
  }

  @Requires('candidates:write')
  @Mutation(() => CreateCandidatePayload)
  async createCandidate(@Args('input') input: CreateCandidateInput): Promise<CreateCandidatePayload> {
    return { candidate: CandidateModel.from(await this.service.create(input)), userErrors: [] };
  }

  @Requires('candidates:write')
  @Mutation(() => UpdateCandidatePayload)
  async updateCandidate(@Args('input') input: UpdateCandidateInput): Promise<UpdateCandidatePayload> {
    return {
      candidate: CandidateModel.from(
        await this.service.update({ ...input, id: databaseIdOf(input.id, 'Candidate') }),
      ),
      userErrors: [],
    };
  }

  @Requires('candidates:write')
  @Mutation(() => RecordCandidateConsentPayload, {
    description:
      "Records the candidate's consent to be kept (replacing an earlier one); their retainUntil follows (docs/privacy.md).",
  })
  async recordCandidateConsent(
    @Args('input') input: RecordCandidateConsentInput,
  ): Promise<RecordCandidateConsentPayload> {
    const row = await this.service.recordConsent({ ...input, id: databaseIdOf(input.id, 'Candidate') });
    return { candidate: CandidateModel.from(row), userErrors: [] };
  }
}
