import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import { JobBoardKind, JobPostingStatus } from './job-board.enums';
import { PostingView, PublishingContext } from './job-posting.view';

/** A full ML-engineer posting for the renderers' unit tests. */
export function postingView(overrides: Partial<PostingView> = {}): PostingView {
  return {
    postingId: '6f1c1d1e-0000-4000-8000-000000000001',
    status: JobPostingStatus.PUBLISHED,
    referenceNumber: 'JP-000042',
    publishedAt: new Date('2026-11-20T09:30:00.000Z'),
    updatedAt: new Date('2026-11-21T10:00:00.000Z'),
    boardSlug: 'indeed-us',
    boardKind: JobBoardKind.INDEED,
    requisitionCode: 'REQ-00042',
    title: 'Senior Machine Learning Engineer, Ranking',
    description: 'Build the ranking stack.\n\nWork with PyTorch & Spark.',
    level: JobLevel.SENIOR,
    employmentType: EmploymentType.FULL_TIME,
    department: 'Applied ML',
    workplaceType: WorkplaceType.ON_SITE,
    locations: [{ city: 'San Francisco', region: 'CA', country: 'US', postalCode: '94105' }],
    salary: { min: 180000, max: 220000, currency: 'USD', period: SalaryPeriod.YEAR },
    responsibilities: ['Train and ship ranking models', 'Own model monitoring'],
    educationRequirement: 'BSc or MSc in computer science',
    skills: [
      { name: 'Python', importance: SkillImportance.REQUIRED, minYears: 5 },
      { name: 'PyTorch', importance: SkillImportance.REQUIRED, minYears: 3 },
      { name: 'Kubernetes', importance: SkillImportance.PREFERRED, minYears: null },
    ],
    ...overrides,
  };
}

export const CONTEXT: PublishingContext = {
  organizationName: 'Acme AI',
  organizationUrl: 'https://acme.example',
  baseUrl: 'https://jobs.acme.example',
};
