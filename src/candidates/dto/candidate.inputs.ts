import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { LocationInput } from '../../common/graphql/location.model';
import { ConsentSource, ProfileLinkKind } from '../candidate.enums';
import { HTTP_URL, PHONE } from '../candidate.rules';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';
import { ToDate } from '../../common/validation/date-time';

@InputType()
export class CandidateSkillInput {
  @Field({ description: 'Any spelling: normalised through the taxonomy ("torch" → PyTorch).' })
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(80)
  name!: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(80)
  years?: number | null;
}

@InputType()
export class EducationInput {
  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  institution!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  degree?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fieldOfStudy?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  graduationYear?: number | null;
}

@InputType()
export class CertificationInput {
  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuer?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'issuedOn must be a date such as 2024-05-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date such as 2024-05-01' })
  issuedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string | null;
}

@InputType()
export class ProfileLinkInput {
  @Field(() => ProfileLinkKind)
  @IsEnum(ProfileLinkKind)
  kind!: ProfileLinkKind;

  @Field()
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url!: string;
}

@InputType()
export class CreateCandidateInput {
  @Field()
  @IsString()
  @IsNotBlank({ message: 'fullName must not be empty' })
  @MaxLength(200)
  fullName!: string;

  @Field()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string | null;

  @Field(() => LocationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  headline?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(80)
  yearsOfExperience?: number | null;

  @Field(() => [CandidateSkillInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CandidateSkillInput)
  skills: CandidateSkillInput[] = [];

  @Field(() => [EducationInput], { defaultValue: [] })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EducationInput)
  education: EducationInput[] = [];

  @Field(() => [CertificationInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CertificationInput)
  certifications: CertificationInput[] = [];

  @Field(() => [ProfileLinkInput], { defaultValue: [] })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProfileLinkInput)
  links: ProfileLinkInput[] = [];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags: string[] = [];

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  consentGivenAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  retainUntil?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'The candidate asked not to be contacted: never suggested for a requisition. Absent: false on create, unchanged on update.',
  })
  @IsOptional()
  @IsBoolean()
  doNotContact?: boolean | null;
}

/** Every field but `id` is optional; list fields replace the whole list when given. */
@InputType()
export class UpdateCandidateInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotBlank({ message: 'fullName must not be empty' })
  @MaxLength(200)
  fullName?: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string | null;

  @Field(() => LocationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  headline?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(80)
  yearsOfExperience?: number | null;

  @Field(() => [CandidateSkillInput], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CandidateSkillInput)
  skills?: CandidateSkillInput[];

  @Field(() => [EducationInput], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EducationInput)
  education?: EducationInput[];

  @Field(() => [CertificationInput], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CertificationInput)
  certifications?: CertificationInput[];

  @Field(() => [ProfileLinkInput], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProfileLinkInput)
  links?: ProfileLinkInput[];

  @Field(() => [String], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  consentGivenAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  retainUntil?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'The candidate asked not to be contacted: never suggested for a requisition. Absent: false on create, unchanged on update.',
  })
  @IsOptional()
  @IsBoolean()
  doNotContact?: boolean | null;
}

@InputType()
export class RecordCandidateConsentInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => GraphQLDateTime, { description: 'When the candidate agreed; not in the future.' })
  @IsDate()
  @ToDate()
  consentGivenAt!: Date;

  @Field(() => ConsentSource)
  @IsEnum(ConsentSource)
  source!: ConsentSource;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Until when the consent lets the data be kept: after consentGivenAt, in the future, at most 3650 days after it. Absent: CANDIDATE_CONSENT_RETENTION_DAYS after consentGivenAt.',
  })
  @IsOptional()
  @IsDate()
  @ToDate()
  retainUntil?: Date | null;
}
