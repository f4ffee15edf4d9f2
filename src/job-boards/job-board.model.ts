import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardKind } from './job-board.enums';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(JobBoardKind, { name: 'JobBoardKind' });

@ObjectType('JobBoard', {
  implements: () => [Node],
  description:
    'Where requisitions are advertised (Indeed, LinkedIn, the career page) and applications come from.',
})
export class JobBoardModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;

  @Field(() => JobBoardKind)
  kind!: JobBoardKind;

  @Field({ description: 'Deactivated boards serve no public endpoint and take no new postings.' })
  active!: boolean;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the board last read its feed (GET /v1/boards/{slug}/feed.xml).',
  })
  lastFeedFetchAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The User-Agent of that last feed fetch.' })
  lastFeedUserAgent!: string | null;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  /** Storage row, for field resolvers; not part of the schema. */
  row!: JobBoardEntity;

  static from(this: void, row: JobBoardEntity): JobBoardModel {
    return Object.assign(new JobBoardModel(), {
      id: toGlobalId('JobBoard', row.id),
      name: row.name,
      slug: row.slug,
      kind: row.kind,
      active: row.active,
      lastFeedFetchAt: row.lastFeedFetchAt,
      lastFeedUserAgent: row.lastFeedUserAgent,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}

@ObjectType()
export class JobBoardConnection extends Connection(JobBoardModel, 'JobBoard') {}
