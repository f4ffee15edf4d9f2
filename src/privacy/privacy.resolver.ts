import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CandidateConnection } from '../candidates/candidate.connection';
import { CandidateModel } from '../candidates/candidate.model';
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs } from '../common/graphql/connection';
import { databaseIdOf, toGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { CandidateErasureService } from './candidate-erasure.service';
import { EraseCandidateInput } from './dto/erase-candidate.input';
import { EraseCandidatePayload } from './dto/erase-candidate.payload';
import { PrivacyRepository } from './privacy.repository';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly erasure: CandidateErasureService,
    private readonly privacy: PrivacyRepository,
  ) {}

  @Requires('candidates:erase')
  @Mutation(() => EraseCandidatePayload, {
    description:
      'Erases a candidate’s personal data everywhere, in one transaction (docs/privacy.md): admins and `candidates:erase` keys. Refused while the candidate has an ACTIVE application.',
  })
  async eraseCandidate(@Args('input') input: EraseCandidateInput): Promise<EraseCandidatePayload> {
    const { candidateId } = await this.erasure.erase({
      id: databaseIdOf(input.id, 'Candidate'),
      reason: input.reason,
    });
    return { erasedCandidateId: toGlobalId('Candidate', candidateId), userErrors: [] };
  }

  @Requires('candidates:erase')
  @Query(() => CandidateConnection, {
    description:
      'The candidates the daily retention job erases next, in its order (oldest `retainUntil` first): past `retainUntil`, no ACTIVE and no HIRED application. Admins and `candidates:erase` keys.',
  })
  async candidatesDueForErasure(@Args() args: ConnectionArgs): Promise<CandidateConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.privacy.findDuePage(page),
      page,
      (c) => ({ key: c.retainUntil!.getTime(), id: c.id }),
      CandidateModel.from,
      () => this.privacy.countDue(),
    );
  }
}
