import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { RequisitionModel } from './requisition.model';

@ObjectType()
export class RequisitionConnection extends Connection(RequisitionModel, 'Requisition') {}
