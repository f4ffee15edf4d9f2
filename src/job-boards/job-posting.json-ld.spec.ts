import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import { CONTEXT, postingView } from './job-posting.fixture';
import {
  buildJobPostingJsonLd,
  credentialCategory,
  descriptionHtml,
  experienceMonths,
} from './job-posting.json-ld';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('credentialCategory', () => {
  it.each<[string, string | null]>([
    ['BSc or MSc in computer science', 'bachelor degree'],
    ["Master's degree in statistics", 'postgraduate degree'],
    ['PhD in machine learning', 'postgraduate degree'],
    ['Bachelor of Engineering', 'bachelor degree'],
    ['A cloud ML certification', 'professional certificate'],
    ['Equivalent practical experience', null],
  ])('%s → %s', (text, expected) => {
    expect(credentialCategory(text)).toBe(expected);
  });
});

describe('experienceMonths', () => {
  it.each<[JobLevel, { importance: SkillImportance; minYears: number | null }[], number]>([
    [JobLevel.SENIOR, [{ importance: SkillImportance.REQUIRED, minYears: 3 }], 36],
    [
      JobLevel.MID,
      [
        { importance: SkillImportance.REQUIRED, minYears: 2.5 },
        { importance: SkillImportance.REQUIRED, minYears: 4 },
      ],
      48,
    ],
    // Preferred skills do not raise the requirement.
    [JobLevel.JUNIOR, [{ importance: SkillImportance.PREFERRED, minYears: 10 }], 0],
    [JobLevel.STAFF, [], 96],
    [JobLevel.INTERN, [], 0],
  ])('%s with %j → %i months', (level, skills, expected) => {
    expect(experienceMonths({ level, skills: skills.map((s) => ({ name: 'X', ...s })) })).toBe(expected);
  });
});

describe('descriptionHtml', () => {
  it('escapes the text and lists responsibilities and skills', () => {
    const html = descriptionHtml(
      postingView({ description: 'Fast <models> & "data"\nsecond line', responsibilities: ['a < b'] }),
    );
    expect(html).toContain('<p>Fast &lt;models&gt; &amp; &quot;data&quot;<br>second line</p>');
    expect(html).toContain('<li>a &lt; b</li>');
    expect(html).toContain('<li>Python (5+ years)</li>');
    expect(html).toContain('<p><strong>Nice to have</strong></p><ul><li>Kubernetes</li></ul>');
  });

  it('falls back to the title when there is no description', () => {
    expect(descriptionHtml(postingView({ description: null, responsibilities: [], skills: [] }))).toMatch(
      /^<p>Senior Machine Learning Engineer, Ranking<\/p>/,
    );
  });
});

describe('buildJobPostingJsonLd', () => {
  const REQUIRED = ['title', 'description', 'datePosted', 'hiringOrganization'];

  it('has every property Google requires and the recommended ones, for an on-site role', () => {
    const ld = buildJobPostingJsonLd(postingView(), CONTEXT, { now: NOW, directApply: false });
    for (const property of REQUIRED) expect(ld[property]).toBeTruthy();
    expect(ld).toMatchObject({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title: 'Senior Machine Learning Engineer, Ranking',
      datePosted: '2026-11-20T09:30:00.000Z',
      validThrough: '2026-12-25T12:00:00.000Z',
      employmentType: 'FULL_TIME',
      hiringOrganization: { '@type': 'Organization', name: 'Acme AI', sameAs: 'https://acme.example' },
      identifier: { '@type': 'PropertyValue', name: 'Acme AI', value: 'JP-000042' },
      url: 'https://jobs.acme.example/jobs/6f1c1d1e-0000-4000-8000-000000000001',
      directApply: false,
      jobLocation: [
        {
          '@type': 'Place',
          address: {
            '@type': 'PostalAddress',
            addressLocality: 'San Francisco',
            addressRegion: 'CA',
            postalCode: '94105',
            addressCountry: 'US',
          },
        },
      ],
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'USD',
        value: { '@type': 'QuantitativeValue', minValue: 180000, maxValue: 220000, unitText: 'YEAR' },
      },
      skills: 'Python, PyTorch, Kubernetes',
      educationRequirements: {
        '@type': 'EducationalOccupationalCredential',
        credentialCategory: 'bachelor degree',
      },
      experienceRequirements: { '@type': 'OccupationalExperienceRequirements', monthsOfExperience: 60 },
    });
    expect(ld).not.toHaveProperty('jobLocationType');
  });

  it('marks remote roles TELECOMMUTE with the countries applicants may live in', () => {
    const ld = buildJobPostingJsonLd(
      postingView({
        workplaceType: WorkplaceType.REMOTE,
        locations: [{ country: 'US' }, { country: 'CA' }, { city: 'Austin', country: 'US' }],
      }),
      CONTEXT,
      { now: NOW, directApply: true },
    );
    expect(ld).toMatchObject({
      jobLocationType: 'TELECOMMUTE',
      applicantLocationRequirements: [
        { '@type': 'Country', name: 'US' },
        { '@type': 'Country', name: 'CA' },
      ],
      directApply: true,
    });
    expect(ld).not.toHaveProperty('jobLocation');
  });

  it.each<[EmploymentType, string]>([
    [EmploymentType.FULL_TIME, 'FULL_TIME'],
    [EmploymentType.PART_TIME, 'PART_TIME'],
    [EmploymentType.CONTRACT, 'CONTRACTOR'],
    [EmploymentType.TEMPORARY, 'TEMPORARY'],
    [EmploymentType.INTERNSHIP, 'INTERN'],
  ])('maps employment type %s to %s', (employmentType, expected) => {
    expect(
      buildJobPostingJsonLd(postingView({ employmentType }), CONTEXT, { now: NOW, directApply: false })
        .employmentType,
    ).toBe(expected);
  });

  it.each<[SalaryPeriod, string]>([
    [SalaryPeriod.HOUR, 'HOUR'],
    [SalaryPeriod.MONTH, 'MONTH'],
    [SalaryPeriod.YEAR, 'YEAR'],
  ])('gives pay per %s as unitText %s', (period, unitText) => {
    const ld = buildJobPostingJsonLd(
      postingView({ salary: { min: 50, max: 70, currency: 'EUR', period } }),
      CONTEXT,
      { now: NOW, directApply: false },
    );
    expect(ld.baseSalary).toMatchObject({ currency: 'EUR', value: { minValue: 50, maxValue: 70, unitText } });
  });

  it('leaves out what the requisition does not say', () => {
    const ld = buildJobPostingJsonLd(
      postingView({ salary: null, skills: [], educationRequirement: null }),
      CONTEXT,
      { now: NOW, directApply: false },
    );
    expect(ld).not.toHaveProperty('baseSalary');
    expect(ld).not.toHaveProperty('skills');
    expect(ld).not.toHaveProperty('educationRequirements');
  });

  it('keeps free-text education it cannot classify as text', () => {
    const ld = buildJobPostingJsonLd(
      postingView({ educationRequirement: 'Equivalent practical experience' }),
      CONTEXT,
      { now: NOW, directApply: false },
    );
    expect(ld.educationRequirements).toBe('Equivalent practical experience');
  });
});
