import { LocationValue } from '../common/location';
import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import { jobPageUrl, PostingView, PublishingContext } from './job-posting.view';

/**
 * A posting as schema.org `JobPosting` JSON-LD (what Google for Jobs and Indeed read) and the HTML of its
 * description: formatting, named for what it is.
 */

const SCHEMA_EMPLOYMENT_TYPE: Record<EmploymentType, string> = {
  [EmploymentType.FULL_TIME]: 'FULL_TIME',
  [EmploymentType.PART_TIME]: 'PART_TIME',
  [EmploymentType.CONTRACT]: 'CONTRACTOR',
  [EmploymentType.TEMPORARY]: 'TEMPORARY',
  [EmploymentType.INTERNSHIP]: 'INTERN',
};

/** Experience a level implies when no required skill states years. */
const LEVEL_MONTHS: Record<JobLevel, number> = {
  [JobLevel.INTERN]: 0,
  [JobLevel.JUNIOR]: 0,
  [JobLevel.MID]: 24,
  [JobLevel.SENIOR]: 60,
  [JobLevel.STAFF]: 96,
  [JobLevel.PRINCIPAL]: 120,
};

/** Google's credentialCategory values, recognised in the free-text education requirement. */
const CREDENTIALS: [RegExp, string][] = [
  [/\b(ph\.?d|doctora\w*|m\.?sc|masters?|master's|m\.?s\.|postgraduate)\b/i, 'postgraduate degree'],
  [/\b(b\.?sc|b\.?s\.|bachelor\w*|b\.?eng|undergraduate)\b/i, 'bachelor degree'],
  [/\bassociate\b/i, 'associate degree'],
  [/\bhigh school\b/i, 'high school'],
  [/\bcertific\w*\b/i, 'professional certificate'],
];

export function credentialCategory(requirement: string): string | null {
  // The lowest degree named is what is required ("BSc or MSc" needs a BSc).
  const found = CREDENTIALS.filter(([pattern]) => pattern.test(requirement)).map(([, category]) => category);
  return found.length > 0 ? found[found.length - 1] : null;
}

export function experienceMonths(view: Pick<PostingView, 'skills' | 'level'>): number {
  const years = view.skills
    .filter((s) => s.importance === SkillImportance.REQUIRED && s.minYears != null)
    .map((s) => s.minYears as number);
  return years.length > 0 ? Math.round(Math.max(...years) * 12) : LEVEL_MONTHS[view.level];
}

const escapeHtmlText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The description as the simple HTML Google for Jobs wants: paragraphs, then responsibilities and skills as lists. */
export function descriptionHtml(view: PostingView): string {
  const parts: string[] = [];
  for (const paragraph of (view.description ?? '').split(/\n\s*\n/)) {
    if (paragraph.trim()) parts.push(`<p>${escapeHtmlText(paragraph.trim()).replace(/\n/g, '<br>')}</p>`);
  }
  if (parts.length === 0) parts.push(`<p>${escapeHtmlText(view.title)}</p>`);
  const list = (heading: string, items: string[]) =>
    items.length > 0
      ? `<p><strong>${heading}</strong></p><ul>${items.map((i) => `<li>${escapeHtmlText(i)}</li>`).join('')}</ul>`
      : '';
  parts.push(list('Responsibilities', view.responsibilities));
  const skill = (s: PostingView['skills'][number]) =>
    s.minYears != null ? `${s.name} (${s.minYears}+ years)` : s.name;
  parts.push(
    list('Required skills', view.skills.filter((s) => s.importance === SkillImportance.REQUIRED).map(skill)),
  );
  parts.push(
    list('Nice to have', view.skills.filter((s) => s.importance === SkillImportance.PREFERRED).map(skill)),
  );
  if (view.educationRequirement) parts.push(list('Education', [view.educationRequirement]));
  return parts.filter(Boolean).join('');
}

/** How long after rendering a listing stays valid; boards re-read the feed far more often than this. */
export const VALIDITY_DAYS = 30;

const postalAddress = (location: LocationValue) => ({
  '@type': 'PostalAddress',
  ...(location.city ? { addressLocality: location.city } : {}),
  ...(location.region ? { addressRegion: location.region } : {}),
  ...(location.postalCode ? { postalCode: location.postalCode } : {}),
  addressCountry: location.country,
});

/**
 * A schema.org JobPosting with every property Google for Jobs requires (title, description, datePosted,
 * hiringOrganization, jobLocation or TELECOMMUTE + applicantLocationRequirements) and the recommended ones.
 */
export function buildJobPostingJsonLd(
  view: PostingView,
  context: PublishingContext,
  options: { now: Date; directApply: boolean },
): Record<string, unknown> {
  const remote = view.workplaceType === WorkplaceType.REMOTE;
  const validThrough = new Date(options.now.getTime() + VALIDITY_DAYS * 86_400_000);
  const category = view.educationRequirement ? credentialCategory(view.educationRequirement) : null;
  const countries = [...new Set(view.locations.map((l) => l.country))];
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: view.title,
    description: descriptionHtml(view),
    datePosted: view.publishedAt.toISOString(),
    validThrough: validThrough.toISOString(),
    employmentType: SCHEMA_EMPLOYMENT_TYPE[view.employmentType],
    hiringOrganization: {
      '@type': 'Organization',
      name: context.organizationName,
      sameAs: context.organizationUrl,
    },
    identifier: {
      '@type': 'PropertyValue',
      name: context.organizationName,
      value: view.referenceNumber,
    },
    url: jobPageUrl(context.baseUrl, view.postingId),
    directApply: options.directApply,
    ...(remote
      ? {
          jobLocationType: 'TELECOMMUTE',
          applicantLocationRequirements: countries.map((name) => ({ '@type': 'Country', name })),
        }
      : {
          jobLocation: view.locations.map((location) => ({
            '@type': 'Place',
            address: postalAddress(location),
          })),
        }),
    ...(view.salary
      ? {
          baseSalary: {
            '@type': 'MonetaryAmount',
            currency: view.salary.currency,
            value: {
              '@type': 'QuantitativeValue',
              minValue: view.salary.min,
              maxValue: view.salary.max,
              unitText: SCHEMA_UNIT[view.salary.period],
            },
          },
        }
      : {}),
    ...(view.skills.length > 0 ? { skills: view.skills.map((s) => s.name).join(', ') } : {}),
    ...(view.educationRequirement
      ? {
          educationRequirements: category
            ? { '@type': 'EducationalOccupationalCredential', credentialCategory: category }
            : view.educationRequirement,
        }
      : {}),
    experienceRequirements: {
      '@type': 'OccupationalExperienceRequirements',
      monthsOfExperience: experienceMonths(view),
    },
  };
}

const SCHEMA_UNIT: Record<SalaryPeriod, string> = {
  [SalaryPeriod.HOUR]: 'HOUR',
  [SalaryPeriod.MONTH]: 'MONTH',
  [SalaryPeriod.YEAR]: 'YEAR',
};
