import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { UserModel } from './user.model';

@ObjectType()
export class UserConnection extends Connection(UserModel, 'User') {}
