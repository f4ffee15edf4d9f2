import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ActivityItem } from '../pipeline/application-activity';
import { NoteEntity } from './note.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

@ObjectType('Note', {
  implements: () => [Node],
  description:
    'A note about a candidate, or about one of their applications. `body` is Markdown (1–10,000 characters), shown as written: clients render it safely.',
})
export class NoteModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Markdown.' })
  body!: string;

  @Field(() => Int, { description: 'Pass it as `expectedVersion` to update or delete the note.' })
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  row!: NoteEntity;

  static from(this: void, row: NoteEntity): NoteModel {
    return Object.assign(new NoteModel(), {
      id: toGlobalId('Note', row.id),
      body: row.body,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}

@ObjectType()
export class NoteConnection extends Connection(NoteModel, 'Note') {}

@ObjectType('NoteActivity', {
  implements: () => [ActivityItem],
  description: 'A note was added to the application (`note.created`); the note as it is now.',
})
export class NoteActivityModel implements ActivityItem {
  occurredAt!: Date;
  kind!: string;
  actorRef!: string | null;

  @Field(() => NoteModel)
  note!: NoteModel;

  static from(this: void, row: NoteEntity): NoteActivityModel {
    return Object.assign(new NoteActivityModel(), {
      occurredAt: row.createdAt,
      kind: 'note.created',
      actorRef: row.actor,
      note: NoteModel.from(row),
    });
  }
}
