import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { LocationModel } from '../common/graphql/location.model';
import { Node } from '../common/graphql/node.interface';
import { SkillModel } from '../skills/skill.model';
import { ProfileLinkKind, SkillSource, ConsentSource } from './candidate.enums';
import { CandidateEntity } from './candidate.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(ProfileLinkKind, { name: 'ProfileLinkKind' });
registerEnumType(SkillSource, { name: 'SkillSource' });
registerEnumType(ConsentSource, {
  name: 'ConsentSource',
  description: "How the candidate's consent to be kept was obtained (docs/privacy.md).",
});

@ObjectType('CandidateSkill')
export class CandidateSkillModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => Float, { nullable: true, description: 'Years of experience with the skill.' })
  years!: number | null;

  @Field(() => SkillSource, {
    description: 'PROFILE: given with the profile; RESUME: recognised in a resume the candidate sent.',
  })
  source!: SkillSource;

  @Field(() => String, {
    nullable: true,
    description:
      'For a skill from a resume: the line it was recognised on. Null for profile entries, and for interviewers (a resume carries contact details).',
  })
  evidence!: string | null;

  static of(
    skill: SkillModel,
    years: number | null,
    source: SkillSource = SkillSource.PROFILE,
    evidence: string | null = null,
  ): CandidateSkillModel {
    return Object.assign(new CandidateSkillModel(), { skill, years, source, evidence });
  }
}

@ObjectType('Education')
export class EducationModel {
  @Field()
  institution!: string;

  @Field(() => String, { nullable: true, description: 'E.g. "MSc".' })
  degree!: string | null;

  @Field(() => String, { nullable: true, description: 'E.g. "Computer Science".' })
  fieldOfStudy!: string | null;

  @Field(() => Int, { nullable: true })
  graduationYear!: number | null;
}

@ObjectType('Certification')
export class CertificationModel {
  @Field({ description: 'E.g. "Google Cloud Professional Machine Learning Engineer".' })
  name!: string;

  @Field(() => String, { nullable: true })
  issuer!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  issuedOn!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType('ProfileLink')
export class ProfileLinkModel {
  @Field(() => ProfileLinkKind)
  kind!: ProfileLinkKind;

  @Field()
  url!: string;
}

@ObjectType('Candidate', {
  implements: () => [Node],
  description: 'A person, once, whatever they applied to.',
})
export class CandidateModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  fullName!: string;

  /** Exposed through CandidatesResolver.email, which hides it from interviewers. */
  email!: string;

  /** Exposed through CandidatesResolver.phone, which hides it from interviewers. */
  phone!: string | null;

  @Field(() => LocationModel, { nullable: true })
  location!: LocationModel | null;

  @Field(() => String, { nullable: true })
  headline!: string | null;

  @Field(() => Float, { nullable: true })
  yearsOfExperience!: number | null;

  // Education, certifications and links are built from the row when first read, not with the model: a board card's
  // candidate is built for its name and skills, and most queries never ask for these.
  @Field(() => [EducationModel])
  get education(): EducationModel[] {
    return (this.built.education ??= this.row.education.map((e) =>
      Object.assign(new EducationModel(), {
        institution: e.institution,
        degree: e.degree ?? null,
        fieldOfStudy: e.fieldOfStudy ?? null,
        graduationYear: e.graduationYear ?? null,
      }),
    ));
  }

  @Field(() => [CertificationModel])
  get certifications(): CertificationModel[] {
    return (this.built.certifications ??= this.row.certifications.map((c) =>
      Object.assign(new CertificationModel(), {
        name: c.name,
        issuer: c.issuer ?? null,
        issuedOn: c.issuedOn ?? null,
        url: c.url ?? null,
      }),
    ));
  }

  @Field(() => [ProfileLinkModel])
  get links(): ProfileLinkModel[] {
    return (this.built.links ??= this.row.links.map((l) =>
      Object.assign(new ProfileLinkModel(), { kind: l.kind, url: l.url }),
    ));
  }

  private readonly built: {
    education?: EducationModel[];
    certifications?: CertificationModel[];
    links?: ProfileLinkModel[];
  } = {};

  @Field(() => [String])
  tags!: string[];

  @Field(() => GraphQLDateTime, { nullable: true })
  consentGivenAt!: Date | null;

  @Field(() => ConsentSource, {
    nullable: true,
    description: 'How the consent was obtained (`recordCandidateConsent`).',
  })
  consentSource!: ConsentSource | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      "Delete or anonymise the data after this date. Kept by the system: null while an application is live or once hired, else the last end plus CANDIDATE_RETENTION_DAYS, or the consent's deadline if later (docs/privacy.md).",
  })
  retainUntil!: Date | null;

  @Field({ description: 'The candidate asked not to be contacted: never suggested for a requisition.' })
  doNotContact!: boolean;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  row!: CandidateEntity;

  /** The search that found it, for `searchHighlights`; not part of the schema. */
  search?: string;

  static from(this: void, row: CandidateEntity): CandidateModel {
    return Object.assign(new CandidateModel(), {
      id: toGlobalId('Candidate', row.id),
      fullName: row.fullName,
      email: row.email,
      phone: row.phone,
      location: row.location ? LocationModel.from(row.location) : null,
      headline: row.headline,
      yearsOfExperience: row.yearsOfExperience,
      tags: row.tags,
      consentGivenAt: row.consentGivenAt,
      consentSource: row.consentSource,
      retainUntil: row.retainUntil,
      doNotContact: row.doNotContact,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}
