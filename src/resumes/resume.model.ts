import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import type { ResumeSummary } from './resumes.repository';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

@ObjectType('Resume', {
  description:
    'A resume a candidate sent with an application (career-page upload, Indeed Apply), as received. Its bytes are downloaded from `downloadUrl`.',
})
export class ResumeModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'As the candidate named it.' })
  fileName!: string | null;

  @Field({
    description:
      'application/pdf, application/msword, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/rtf or text/plain; charset=utf-8 — from the checked content, not as the sender declared it.',
  })
  contentType!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  byteSize!: number;

  @Field({ description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field(() => ID, { nullable: true, description: 'The application it was sent with.' })
  applicationId!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  /** Storage row, for field resolvers; not part of the schema. */
  row!: ResumeSummary;

  static from(this: void, row: ResumeSummary): ResumeModel {
    return Object.assign(new ResumeModel(), {
      id: toGlobalId('Resume', row.id),
      fileName: row.fileName,
      contentType: row.contentType,
      byteSize: row.byteSize,
      sha256: row.sha256,
      applicationId: row.applicationId ? toGlobalId('Application', row.applicationId) : null,
      createdAt: row.createdAt,
      row,
    });
  }
}
