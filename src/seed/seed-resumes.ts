import { ALL_REACH } from '../identity/access.rules';
import { ResumeStatus } from '../resumes/resume.enums';
import { checkResume } from '../resumes/resume.rules';
import { ResumesService } from '../resumes/resumes.service';
import { DemoCandidate } from './demo-data';
import { progress, SeedLog, SeedTally } from './seed-context';
import { DemoDataRepository } from './demo-data.repository';
import { docxOf, pdfOf } from './resume-documents';

/** Every third demo candidate sends a resume: PDF, DOCX and plain text in turn. */
const EVERY = 3;
const KINDS = ['pdf', 'docx', 'txt'] as const;

/** The lines of a demo candidate's resume, from their profile (Latin-1 only: the hand-made PDF's font). */
export function resumeLines(candidate: DemoCandidate): string[] {
  const input = candidate.input;
  const lines = [
    input.fullName,
    input.headline ?? 'Machine learning engineer',
    '',
    'Experience',
    ...(input.yearsOfExperience != null ? [`${input.yearsOfExperience} years in industry`] : []),
    ...input.skills.map((s) =>
      s.years != null ? `${s.name}: ${s.years} years in production` : `Worked with ${s.name}`,
    ),
    '',
    'Education',
    ...input.education.map((e) => [e.degree, e.fieldOfStudy, e.institution].filter(Boolean).join(', ')),
    ...(input.certifications.length
      ? ['', 'Certifications', ...input.certifications.map((c) => c.name)]
      : []),
  ];
  return lines.map((line) => line.replace(/[^\x20-\x7e\xa0-\xff]/g, '?'));
}

/**
 * Gives every third demo candidate a resume uploaded for them (PDF, DOCX and plain text in turn) and reads it at
 * once, as the `resumes.extract` job would, so the demo shows parsed text, skills with evidence and full-text
 * search over resumes. Idempotent: a candidate with a resume already is left alone.
 */
export async function seedResumes(
  resumes: ResumesService,
  demoData: DemoDataRepository,
  plans: DemoCandidate[],
  candidateIds: Map<string, string>,
  log: SeedLog,
): Promise<SeedTally> {
  const chosen = plans.filter((_, i) => i % EVERY === 0);
  const tally: SeedTally = { total: chosen.length, created: 0, existing: 0 };
  const ids = chosen.map((plan) => candidateIds.get(plan.input.email.toLowerCase()) as string);
  const withResume = await demoData.findCandidateIdsWithResumes(ids);
  const report = progress(log, 'resumes', chosen.length, 10);
  for (const [index, plan] of chosen.entries()) {
    const candidateId = ids[index];
    if (withResume.has(candidateId)) {
      tally.existing++;
    } else {
      const kind = KINDS[index % KINDS.length];
      const lines = resumeLines(plan);
      const bytes =
        kind === 'pdf'
          ? pdfOf([lines.slice(0, 12), lines.slice(12)].filter((page) => page.length > 0))
          : kind === 'docx'
            ? docxOf(lines)
            : Buffer.from(lines.join('\n'), 'utf8');
      const slug = plan.input.fullName.toLowerCase().replace(/[^a-z]+/g, '-');
      const checked = checkResume({ fileName: `${slug}-resume.${kind}`, bytes });
      if (!checked.ok) throw new Error(`demo resume refused: ${checked.message}`);
      const resume = await resumes.upload({ candidateId, file: checked.value }, ALL_REACH);
      const status = await resumes.extract(resume.id);
      if (status !== ResumeStatus.PARSED) throw new Error(`demo resume ${resume.id} ended ${status}`);
      tally.created++;
    }
    report(index + 1);
  }
  return tally;
}
