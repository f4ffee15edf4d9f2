import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { NOTE_BODY_MAX, NOTE_MENTIONS_MAX } from '../note.rules';

/** Code points are checked by the rules; this only stops absurd payloads before they reach them. */
const BODY_UTF16_MAX = NOTE_BODY_MAX * 2;

@InputType()
export class AddNoteInput {
  @Field(() => ID, { nullable: true, description: 'A note on the candidate. Exactly one of the two ids.' })
  @IsOptional()
  @IsString()
  candidateId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A note on one application. Exactly one of the two ids.' })
  @IsOptional()
  @IsString()
  applicationId?: string | null;

  @Field({ description: `Markdown, 1 to ${NOTE_BODY_MAX} characters, not blank.` })
  @IsString()
  @MaxLength(BODY_UTF16_MAX)
  body!: string;

  @Field(() => [ID], {
    nullable: true,
    description: `Users to notify (\`note.created\` names them), at most ${NOTE_MENTIONS_MAX}; each must be able to see what the note is on.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NOTE_MENTIONS_MAX)
  @IsString({ each: true })
  mentionedUserIds?: string[] | null;
}

@InputType()
export class UpdateNoteInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true, description: 'The new body; unchanged when absent.' })
  @IsOptional()
  @IsString()
  @MaxLength(BODY_UTF16_MAX)
  body?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Replaces the mentions when given; users added must be able to see what the note is on.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NOTE_MENTIONS_MAX)
  @IsString({ each: true })
  mentionedUserIds?: string[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class DeleteNoteInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
