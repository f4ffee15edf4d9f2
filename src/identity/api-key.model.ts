import { Field, ID, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ApiKeyEntity } from './api-key.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

@ObjectType('ApiKey', {
  implements: () => [Node],
  description: 'An integration credential; its secret is never shown again.',
})
export class ApiKeyModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first characters after "rqs_", to recognise the key.' })
  prefix!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => GraphQLDateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  static from(this: void, row: ApiKeyEntity): ApiKeyModel {
    return Object.assign(new ApiKeyModel(), {
      id: toGlobalId('ApiKey', row.id),
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      createdAt: row.createdAt,
    });
  }
}
