import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { NoteModel } from '../note.model';

@ObjectType()
export class NotePayload {
  @Field(() => NoteModel, { nullable: true })
  note?: NoteModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class DeleteNotePayload {
  @Field(() => ID, { nullable: true })
  deletedNoteId?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
