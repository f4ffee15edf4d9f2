import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsDate,
  IsEmail,
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
  IsBoolean,
} from 'class-validator';
import { SelfIdentificationRequest } from '../../eeo/dto/self-identification.request';
import { ProfileLinkKind } from '../../candidates/candidate.enums';
import { HTTP_URL, PHONE } from '../../candidates/candidate.rules';
import { IsNotBlank } from '../../common/graphql/validators';
import { ToDate } from '../../common/validation/date-time';

/** A profile link as a career page or board sends it (validated like a candidate's own links). */
export class ProfileLinkRequest {
  @ApiProperty({ enum: ProfileLinkKind, enumName: 'ProfileLinkKind', example: ProfileLinkKind.LINKEDIN })
  @IsEnum(ProfileLinkKind)
  kind!: ProfileLinkKind;

  @ApiProperty({ example: 'https://www.linkedin.com/in/ada', maxLength: 2000 })
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url!: string;
}

export class ApplicationAnswer {
  @ApiProperty({ example: 'Are you authorised to work in the US?' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  question!: string;

  @ApiProperty({ example: 'Yes' })
  @IsString()
  @MaxLength(5000)
  answer!: string;
}

/** A resume inside a JSON application (a multipart upload is read into the same shape). */
export class ResumeUpload {
  @ApiProperty({
    example: 'grace-hopper.pdf',
    description: 'Its extension says the type: .pdf, .doc, .docx, .rtf or .txt (the content must match).',
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  fileName!: string;

  @ApiProperty({ description: 'The file, base64-encoded (at most 5 MB decoded).', format: 'byte' })
  @IsString()
  data!: string;
}

/** What a career page submits (JSON, or multipart with the resume as a file part). */
export class CareerApplicationRequest {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @IsNotBlank({ message: 'fullName must not be empty' })
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: '+1 415 555 0100' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string;

  @ApiPropertyOptional({ type: [ProfileLinkRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProfileLinkRequest)
  links?: ProfileLinkRequest[];

  @ApiPropertyOptional({ type: [ApplicationAnswer] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ApplicationAnswer)
  answers?: ApplicationAnswer[];

  @ApiProperty({
    description: 'Explicit consent to processing the application: must be `true`.',
    enum: [true],
  })
  @Equals(true, {
    message: 'consent must be true: the candidate has to agree to the processing of their data',
  })
  consent!: boolean;

  @ApiPropertyOptional({
    description:
      'Optional consent to be kept for future openings (a checkbox): recorded with the time and the posting, it keeps the candidate until `retainUntil` when given, else CANDIDATE_CONSENT_RETENTION_DAYS (docs/privacy.md). Absent or `false`: the usual retention period applies.',
  })
  @IsOptional()
  @IsBoolean({ message: 'retentionConsent must be true or false' })
  retentionConsent?: boolean;

  @ApiPropertyOptional({
    description:
      'Until when the candidate agrees we keep their data (ISO 8601, in the future, within 3 years). Default: 1 year. With `retentionConsent`, the end of that consent.',
  })
  @IsOptional()
  @ToDate()
  @IsDate({ message: 'retainUntil must be an ISO 8601 date' })
  retainUntil?: Date;

  @ApiPropertyOptional({
    type: ResumeUpload,
    description: 'PDF, Word (doc, docx), RTF or plain text, ≤ 5 MB.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResumeUpload)
  resume?: ResumeUpload;

  @ApiPropertyOptional({
    type: SelfIdentificationRequest,
    description:
      'Voluntary US self-identification (EEO-1, VEVRAA, CC-305), every question optional. Stored apart from the candidate, never shown with them, and not kept in the stored delivery body (docs/privacy.md).',
  })
  @IsOptional()
  @IsObject({ message: 'selfIdentification must be an object' })
  @ValidateNested()
  @Type(() => SelfIdentificationRequest)
  selfIdentification?: SelfIdentificationRequest;
}

/** What another board pushes (Standard Webhooks): a career-page application naming the posting it is for. */
export class BoardApplicationRequest extends CareerApplicationRequest {
  @ApiProperty({ description: "The posting's `id` (as in the board API and the job page URL)" })
  @IsString()
  @MaxLength(100)
  postingId!: string;
}
