import { ArgsType } from '@nestjs/graphql';
import { ConnectionArgs } from '../../common/graphql/connection';

/** `Requisition.suggestedCandidates(first, after, last, before)`: a keyset page, best match first. */
@ArgsType()
export class SuggestedCandidatesArgs extends ConnectionArgs {}
