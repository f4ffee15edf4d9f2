import { ProfileLinkKind } from '../candidates/candidate.enums';
import { CertificationValue, EducationValue, ProfileLinkValue } from '../candidates/candidate.entity';
import { CreateCandidateCommand } from '../candidates/candidate.commands';
import { LocationValue } from '../common/location';
import {
  ARCHETYPES,
  CLOUD_ISSUERS,
  FIELDS_OF_STUDY,
  PROFESSIONAL_CERTIFICATIONS,
  STUDENT_CERTIFICATIONS,
} from './demo-archetypes';
import { Archetype, CandidateDraft, DAY_MS, DEMO_EMAIL_DOMAIN } from './demo-plan';
import { SeededRandom } from './random';

// --- candidates ---

const FIRST_NAMES = (
  'Aisha Mateo Priya Wei Olivia Kwame Sofia Hiroshi Elena Diego Fatima Lukas Amara Noah ' +
  'Yuki Rahul Chloe Omar Ingrid Jamal Mei Santiago Nadia Arjun Grace Tomasz Leila Ethan ' +
  'Zanele Marco Ananya Daniel Hana Kofi Isabel Viktor Sara Jin Camila Ravi Emily Tariq ' +
  'Lucia Samuel Anika Felix Nia Alejandro Mira Oliver Ayumi Karim Julia Hassan Freya Minh ' +
  'Rosa Ibrahim Clara Dev'
).split(' ');

const LAST_NAMES = (
  'Okafor Fernandez Patel Chen Nguyen Kowalski Haddad Tanaka Mensah Rossi Schmidt Garcia ' +
  'Kim Iyer Johansson Silva Novak Ahmed Park Dubois Kaur Hernandez Sato Adeyemi Lindqvist ' +
  'Romero Cohen Wang Murphy Petrov Osei Martins Yilmaz Gupta Larsen Moreno Zhang Bianchi ' +
  'Walker Nakamura Owusu Reyes Fischer Singh Tran Alvarez Kruger Ali Li Costa Brennan ' +
  'Sharma Ito Mwangi Jensen Castillo Wu Rahman Keller Morales'
).split(' ');

interface Place {
  location: LocationValue;
  /** Area code for a fictional 555-01xx number; null where the candidate gave no phone. */
  areaCode: string | null;
  universities: string[];
}

const US_UNIVERSITIES = [
  'Stanford University',
  'University of California, Berkeley',
  'Carnegie Mellon University',
  'Georgia Institute of Technology',
  'University of Washington',
  'University of Texas at Austin',
  'University of Illinois Urbana-Champaign',
  'University of Michigan',
  'Columbia University',
  'New York University',
  'San Jose State University',
];
const CA_UNIVERSITIES = [
  'University of Toronto',
  'University of Waterloo',
  'McGill University',
  'University of British Columbia',
];

const placeOf = (
  city: string,
  region: string | null,
  country: string,
  areaCode: string | null,
  universities: string[],
  weight: number,
): readonly [Place, number] => [{ location: { city, region, country }, areaCode, universities }, weight];

const PLACES: readonly (readonly [Place, number])[] = [
  placeOf('San Francisco', 'CA', 'US', '415', US_UNIVERSITIES, 14),
  placeOf('Oakland', 'CA', 'US', '510', US_UNIVERSITIES, 4),
  placeOf('San Jose', 'CA', 'US', '408', US_UNIVERSITIES, 4),
  placeOf('Seattle', 'WA', 'US', '206', US_UNIVERSITIES, 7),
  placeOf('New York', 'NY', 'US', '212', US_UNIVERSITIES, 10),
  placeOf('Austin', 'TX', 'US', '512', US_UNIVERSITIES, 4),
  placeOf('Boston', 'MA', 'US', '617', US_UNIVERSITIES, 4),
  placeOf('Pittsburgh', 'PA', 'US', '412', US_UNIVERSITIES, 2),
  placeOf('Chicago', 'IL', 'US', '312', US_UNIVERSITIES, 3),
  placeOf('Toronto', 'ON', 'CA', '416', CA_UNIVERSITIES, 5),
  placeOf('Waterloo', 'ON', 'CA', '519', CA_UNIVERSITIES, 2),
  placeOf('Montreal', 'QC', 'CA', '514', CA_UNIVERSITIES, 2),
  placeOf('London', null, 'GB', null, ['Imperial College London', 'University College London'], 2),
  placeOf('Berlin', null, 'DE', null, ['Technical University of Munich', 'Humboldt University of Berlin'], 2),
  placeOf(
    'Bengaluru',
    'Karnataka',
    'IN',
    null,
    ['Indian Institute of Technology Bombay', 'Indian Institute of Science'],
    2,
  ),
];

const roundToHalf = (value: number) => Math.round(value * 2) / 2;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
function planEducation(
  rng: SeededRandom,
  archetype: Archetype,
  place: Place,
  years: number,
  year: number,
): EducationValue[] {
  const degrees = rng.weighted(ARCHETYPES[archetype].degreePaths);
  const last = degrees.length - 1;
  // Students are still studying; everyone else finished their last degree about when their career began.
  let graduationYear =
    archetype === 'STUDENT' ? year + rng.int(1, 2) : year - Math.floor(years) - rng.int(0, 1);
  const result: EducationValue[] = [];
  for (let i = last; i >= 0; i--) {
    const degree = degrees[i];
    result.unshift({
      institution: rng.pick(place.universities),
      degree,
      fieldOfStudy: rng.pick(
        // Data science degrees are a 2010s invention; older graduates studied something else.
        FIELDS_OF_STUDY[degree].filter((field) => field !== 'Data Science' || graduationYear >= 2017),
      ),
      graduationYear,
    });
    const previous = degrees[i - 1];
    if (previous) graduationYear -= degree === 'PhD' ? (previous === 'MSc' ? 4 : 5) : 2;
  }
  return result;
}

export function planCandidates(rng: SeededRandom, now: Date): CandidateDraft[] {
  const year = now.getUTCFullYear();
  const firstNames = rng.shuffle(FIRST_NAMES);
  const lastNames = rng.shuffle(LAST_NAMES);
  const archetypes = (Object.keys(ARCHETYPES) as Archetype[]).flatMap((archetype) =>
    Array.from({ length: ARCHETYPES[archetype].count }, () => archetype),
  );
  return rng.shuffle(archetypes).map((archetype, index) => {
    const profile = ARCHETYPES[archetype];
    const first = firstNames[index];
    const last = lastNames[index];
    const handle = `${first}${last}`.toLowerCase() + (rng.chance(0.3) ? String(rng.int(1, 99)) : '');
    const place = rng.weighted(PLACES);
    const years = roundToHalf(rng.between(profile.years[0], profile.years[1]));
    const education = planEducation(rng, archetype, place, years, year);
    const latest = education[education.length - 1];
    const headline =
      archetype === 'STUDENT'
        ? `${latest.degree} ${latest.fieldOfStudy} student, ${rng.pick(profile.headlines)}`
        : archetype === 'RESEARCHER'
          ? `${latest.degree} in ${latest.fieldOfStudy}, ${rng.pick(profile.headlines)}`
          : rng.pick(profile.headlines);

    const skillNames = [
      ...profile.coreSkills,
      ...rng.sample(
        profile.optionalSkills,
        rng.int(profile.optionalSkillCount[0], profile.optionalSkillCount[1]),
      ),
    ];
    const skills = skillNames.map((name, i) => ({
      name,
      // Coursework counts for students; for others the main language spans the career, the rest less of it.
      years:
        archetype === 'STUDENT'
          ? roundToHalf(rng.between(0.5, 3))
          : Math.max(0.5, roundToHalf(years * (i === 0 ? rng.between(0.8, 1) : rng.between(0.3, 0.9)))),
    }));

    const certifications: CertificationValue[] = [];
    if (rng.chance(profile.certificationChance)) {
      const pool = archetype === 'STUDENT' ? STUDENT_CERTIFICATIONS : PROFESSIONAL_CERTIFICATIONS;
      for (const certification of rng.sample(pool, rng.int(1, 2))) {
        certifications.push({
          ...certification,
          issuedOn: isoDate(new Date(now.getTime() - rng.int(45, 1300) * DAY_MS)),
        });
      }
    }

    const links: (ProfileLinkValue & { kind: ProfileLinkKind })[] = [];
    if (rng.chance(0.9)) links.push({ kind: ProfileLinkKind.GITHUB, url: `https://github.com/${handle}` });
    if (rng.chance(profile.kaggleChance))
      links.push({ kind: ProfileLinkKind.KAGGLE, url: `https://www.kaggle.com/${handle}` });
    if (rng.chance(0.95)) {
      links.push({
        kind: ProfileLinkKind.LINKEDIN,
        url: `https://www.linkedin.com/in/${first}-${last}-${rng.int(1000, 9999)}`.toLowerCase(),
      });
    }
    if (archetype === 'RESEARCHER') {
      links.push({
        kind: ProfileLinkKind.GOOGLE_SCHOLAR,
        url: `https://scholar.google.com/citations?user=${handle}`,
      });
    }
    if (rng.chance(0.2)) links.push({ kind: ProfileLinkKind.PORTFOLIO, url: `https://${handle}.github.io` });

    const tags = [profile.tag];
    if (links.some((link) => link.kind === ProfileLinkKind.KAGGLE) && rng.chance(0.5)) tags.push('kaggle');
    if (rng.chance(0.25)) tags.push('open-source');
    if (certifications.some((c) => CLOUD_ISSUERS.has(c.issuer ?? ''))) tags.push('cloud-certified');

    const input: CreateCandidateCommand = {
      fullName: `${first} ${last}`,
      email: `${first}.${last}@${DEMO_EMAIL_DOMAIN}`.toLowerCase(),
      // 555-0100 to 555-0199 are reserved for fiction in the North American numbering plan.
      phone: place.areaCode ? `+1 ${place.areaCode} 555 01${String(index).padStart(2, '0')}` : null,
      location: place.location,
      headline,
      yearsOfExperience: years,
      skills,
      education,
      certifications,
      links,
      tags,
      // Filled in once the applications are planned: consent is given when the candidate first applies.
      consentGivenAt: null,
      retainUntil: null,
    };
    return { archetype, input };
  });
}
