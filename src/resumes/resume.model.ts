import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { SkillModel } from '../skills/skill.model';
import { ResumeFailureReason, ResumeStatus } from './resume.enums';
import type { ResumeSummary } from './resumes.repository';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(ResumeStatus, {
  name: 'ResumeStatus',
  description: "Where the reading of a resume's text stands.",
  valuesMap: {
    PENDING: { description: 'Stored; its text is being read in the background.' },
    PARSED: { description: 'Its text and the skills in it are read.' },
    FAILED: {
      description: 'Its text could not be read (`failureReason`); the file and the application stay.',
    },
  },
});
registerEnumType(ResumeFailureReason, {
  name: 'ResumeFailureReason',
  description: "Why a resume's text could not be read.",
  valuesMap: {
    TOO_LARGE: { description: 'Larger than the size cap (5 MB).' },
    TOO_MANY_PAGES: { description: 'A PDF with more pages than RESUME_MAX_PAGES.' },
    TIMEOUT: { description: 'Reading took longer than RESUME_PARSE_TIMEOUT_MS.' },
    OUT_OF_MEMORY: { description: 'Reading needed more memory than one file may take.' },
    ARCHIVE_TOO_LARGE: {
      description:
        'A DOCX that unpacks beyond the limits (a zip bomb), or whose parts lie about their sizes.',
    },
    UNREADABLE: { description: 'Damaged, encrypted, or not what its type says.' },
    NO_TEXT: { description: 'No text in it (a scanned image: no OCR is done).' },
    UNSUPPORTED_TYPE: {
      description: 'Word 97–2003 (.doc) and RTF files are stored, but their text is not read.',
    },
  },
});

@ObjectType('ResumeSkill', {
  description: 'A taxonomy skill recognised in a resume, with where it was found.',
})
export class ResumeSkillModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => String, {
    nullable: true,
    description: 'The line of the resume it was recognised on. Null for interviewers.',
  })
  evidence!: string | null;
}

@ObjectType('Resume', {
  description:
    'A resume a candidate sent with an application (career-page upload, Indeed Apply) or a recruiter uploaded, as received. Its bytes are downloaded from `downloadUrl`; its text is read in the background (`status`).',
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

  @Field(() => ResumeStatus)
  status!: ResumeStatus;

  @Field(() => ResumeFailureReason, { nullable: true, description: 'Why it FAILED; null otherwise.' })
  failureReason!: ResumeFailureReason | null;

  @Field(() => Int, { nullable: true, description: 'Pages of a PDF, once read.' })
  pageCount!: number | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was read, or reading failed.' })
  processedAt!: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The application it was sent with (null for one uploaded for the candidate).',
  })
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
      status: row.status,
      failureReason: row.failureReason,
      pageCount: row.pageCount,
      processedAt: row.processedAt,
      applicationId: row.applicationId ? toGlobalId('Application', row.applicationId) : null,
      createdAt: row.createdAt,
      row,
    });
  }
}
