import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { CandidateModel } from './candidate.model';

@ObjectType()
export class CandidateConnection extends Connection(CandidateModel, 'Candidate') {}
