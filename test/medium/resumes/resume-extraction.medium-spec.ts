import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { SkillSource } from '../../../src/candidates/candidate.enums';
import { JOB_BOARD_ENTITIES } from '../../../src/job-boards/job-boards.module';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { ResumeFailureReason, ResumeStatus } from '../../../src/resumes/resume.enums';
import { RESUME_CONTENT_TYPES, ResumeKind } from '../../../src/resumes/resume.rules';
import { ResumesModule } from '../../../src/resumes/resumes.module';
import { ResumesService } from '../../../src/resumes/resumes.service';
import { makeCandidate, SYSTEM } from '../../factories/medium';
import { docxOf, pdfOf, zipOf } from '../../support/resume-files';
import { createServiceContext, ServiceContext } from '../../support/service-context';

@Module({ imports: [TypeOrmModule.forFeature(JOB_BOARD_ENTITIES)] })
class InboundTablesModule {}

const LINES = [
  'Ada Lovelace',
  'Machine learning engineer',
  'PyTorch and K8s in production, 4 years',
  'Spark',
];

/**
 * The `resumes.extract` job on the real database with real files: PDF and DOCX built by the test, and hostile
 * ones (corrupt, too many pages, a zip bomb, an archive lying about its sizes, a reader that takes too
 * long). A file that cannot be read ends FAILED with its reason; nothing else about the candidate changes.
 */
describe('resume extraction (job, service, repository)', () => {
  let ctx: ServiceContext;
  let resumes: ResumesService;

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule, ResumesModule, InboundTablesModule], {
      RESUME_MAX_PAGES: '3',
    });
    resumes = ctx.get(ResumesService);
  });
  afterAll(() => ctx.close());

  /**
   * Stores a file as a resume of a new candidate, bypassing the upload checks (the job must not trust them), and
   * runs the job; the resume row afterwards.
   */
  const read = async (kind: ResumeKind, bytes: Buffer, candidateId?: string) => {
    const candidate = candidateId ?? (await makeCandidate(ctx)).id;
    const id = await ctx.dataSource.transaction((manager) =>
      resumes.insertWithin(manager, {
        candidateId: candidate,
        applicationId: null,
        inboundDeliveryId: null,
        file: {
          fileName: `cv.${kind}`,
          kind,
          contentType: RESUME_CONTENT_TYPES[kind],
          bytes,
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        },
      }),
    );
    const status = await ctx.as(SYSTEM, () => resumes.extract(id));
    const [row] = await ctx.sql(
      `SELECT status, failure_reason, text, page_count, processed_at FROM resume WHERE id = $1`,
      [id],
    );
    return { id, candidateId: candidate, status, row };
  };

  const skillsOf = (candidateId: string) =>
    ctx.sql(
      `SELECT s.name, cs.years, cs.source, cs.evidence FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
       WHERE cs.candidate_id = $1 ORDER BY cs.position`,
      [candidateId],
    );

  it('enqueues the job in the transaction that stores the resume', async () => {
    const candidate = await makeCandidate(ctx);
    const id = await ctx.dataSource.transaction((manager) =>
      resumes.insertWithin(manager, {
        candidateId: candidate.id,
        applicationId: null,
        inboundDeliveryId: null,
        file: {
          fileName: 'cv.txt',
          kind: 'txt',
          contentType: RESUME_CONTENT_TYPES.txt,
          bytes: Buffer.from('Python'),
          size: 6,
          sha256: createHash('sha256').update('Python').digest('hex'),
        },
      }),
    );
    const jobs = await ctx.sql(
      `SELECT t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE j.key = $1`,
      [`resume-extract:${id}`],
    );
    expect(jobs).toEqual([{ task_identifier: 'resumes.extract', payload: { resumeId: id } }]);
  });

  it.each<[string, ResumeKind, () => Buffer, number | null]>([
    ['a PDF', 'pdf', () => pdfOf([LINES.slice(0, 2), LINES.slice(2)]), 2],
    ['a DOCX', 'docx', () => docxOf(LINES), null],
    ['a plain-text file', 'txt', () => Buffer.from(LINES.join('\r\n')), null],
  ])(
    'reads %s: text, skills with their evidence line, new ones added to the candidate as RESUME',
    async (_, kind, bytes, pages) => {
      const candidate = await makeCandidate(ctx, { skills: [{ name: 'Spark', years: 3 }] });
      const { id, status, row } = await read(kind, bytes(), candidate.id);
      expect(status).toBe(ResumeStatus.PARSED);
      expect(row).toMatchObject({ status: 'PARSED', failure_reason: null, page_count: pages });
      expect(row.processed_at).toBeInstanceOf(Date);
      for (const line of LINES) expect(row.text).toContain(line);
      expect(
        await ctx.sql(
          `SELECT s.name, rs.evidence FROM resume_skill rs JOIN skill s ON s.id = rs.skill_id
         WHERE rs.resume_id = $1 ORDER BY rs.position`,
          [id],
        ),
      ).toEqual([
        { name: 'PyTorch', evidence: 'PyTorch and K8s in production, 4 years' },
        { name: 'Kubernetes', evidence: 'PyTorch and K8s in production, 4 years' },
        { name: 'Spark', evidence: 'Spark' },
      ]);
      // Spark stays as the profile gave it (3 years); the two new skills follow, marked RESUME.
      expect(await skillsOf(candidate.id)).toEqual([
        { name: 'Spark', years: '3.0', source: SkillSource.PROFILE, evidence: null },
        {
          name: 'PyTorch',
          years: null,
          source: SkillSource.RESUME,
          evidence: 'PyTorch and K8s in production, 4 years',
        },
        {
          name: 'Kubernetes',
          years: null,
          source: SkillSource.RESUME,
          evidence: 'PyTorch and K8s in production, 4 years',
        },
      ]);
      // The candidate changed: a new version and an event naming what changed (no personal data).
      const [event] = await ctx.sql(
        `SELECT data FROM event WHERE aggregate_id = $1 AND type = 'candidate.updated' ORDER BY sequence DESC LIMIT 1`,
        [candidate.id],
      );
      expect(event.data).toMatchObject({ changedFields: ['resumes', 'skills'] });
      // RESUME evidence for the match, through its purpose-named read.
      expect(
        (await resumes.findSkillEvidenceByCandidateIds([candidate.id])).map((e) => [e.resumeId, e.evidence]),
      ).toEqual([
        [id, 'PyTorch and K8s in production, 4 years'],
        [id, 'PyTorch and K8s in production, 4 years'],
        [id, 'Spark'],
      ]);
      // A second run of the job changes nothing.
      expect(await ctx.as(SYSTEM, () => resumes.extract(id))).toBe(ResumeStatus.PARSED);
      expect(await skillsOf(candidate.id)).toHaveLength(3);
    },
  );

  it('keeps a RESUME entry marked so when the profile’s skills are edited, and PROFILE entries as given', async () => {
    const candidate = await makeCandidate(ctx, { skills: [{ name: 'Python', years: 5 }] });
    await read('txt', Buffer.from('Deep learning with JAX'), candidate.id);
    await ctx.as(SYSTEM, () =>
      ctx.get(CandidatesService).update({
        id: candidate.id,
        skills: [
          { name: 'JAX', years: 1 },
          { name: 'Python', years: 6 },
          { name: 'SQL', years: 2 },
        ],
      }),
    );
    expect(await skillsOf(candidate.id)).toEqual([
      { name: 'JAX', years: '1.0', source: 'RESUME', evidence: 'Deep learning with JAX' },
      { name: 'Python', years: '6.0', source: 'PROFILE', evidence: null },
      { name: 'SQL', years: '2.0', source: 'PROFILE', evidence: null },
    ]);
  });

  const bomb = () =>
    docxOf(['tiny'], [{ name: 'word/media/huge.bin', data: Buffer.alloc(60 * 1024 * 1024) }]);
  const liar = () =>
    docxOf(
      ['tiny'],
      [{ name: 'word/media/liar.bin', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 1000 }],
    );

  it.each<[string, ResumeKind, () => Buffer, ResumeFailureReason]>([
    [
      'a corrupt PDF',
      'pdf',
      () => Buffer.from('%PDF-1.7\nthis is not a PDF at all'),
      ResumeFailureReason.UNREADABLE,
    ],
    ['a PDF cut in half', 'pdf', () => pdfOf([LINES]).subarray(0, 150), ResumeFailureReason.UNREADABLE],
    [
      'a PDF past the page cap',
      'pdf',
      () => pdfOf([['1'], ['2'], ['3'], ['4']]),
      ResumeFailureReason.TOO_MANY_PAGES,
    ],
    ['a PDF without text (a scan)', 'pdf', () => pdfOf([[]]), ResumeFailureReason.NO_TEXT],
    [
      'a corrupt DOCX',
      'docx',
      () => Buffer.from('PK\u0003\u0004 not really a zip'),
      ResumeFailureReason.UNREADABLE,
    ],
    [
      'a zip that is no Word document',
      'docx',
      () => zipOf([{ name: 'a.txt', data: Buffer.from('x') }]),
      ResumeFailureReason.UNREADABLE,
    ],
    ['a DOCX zip bomb (60 MB of zeros)', 'docx', bomb, ResumeFailureReason.ARCHIVE_TOO_LARGE],
    ['a DOCX lying about its sizes', 'docx', liar, ResumeFailureReason.ARCHIVE_TOO_LARGE],
    [
      'a Word 97–2003 file',
      'doc',
      () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      ResumeFailureReason.UNSUPPORTED_TYPE,
    ],
    [
      'text that is not UTF-8',
      'txt',
      () => Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      ResumeFailureReason.UNREADABLE,
    ],
  ])(
    'fails %s cleanly, with its reason, and leaves the candidate as it was',
    async (_, kind, bytes, reason) => {
      const candidate = await makeCandidate(ctx, { skills: [{ name: 'Python', years: 1 }] });
      const { id, status, row } = await read(kind, bytes(), candidate.id);
      expect(status).toBe(ResumeStatus.FAILED);
      expect(row).toMatchObject({ status: 'FAILED', failure_reason: reason, text: null });
      expect(await skillsOf(candidate.id)).toEqual([
        { name: 'Python', years: '1.0', source: 'PROFILE', evidence: null },
      ]);
      const [resume] = await ctx.sql(`SELECT count(*)::int AS n FROM resume WHERE id = $1`, [id]);
      expect(resume.n).toBe(1);
    },
  );
});

describe('resume extraction with a reader that takes too long', () => {
  let ctx: ServiceContext;

  // A time limit no reader can meet (starting the worker thread alone takes longer): the file is cut off.
  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule, ResumesModule, InboundTablesModule], {
      RESUME_PARSE_TIMEOUT_MS: '100',
    });
  });
  afterAll(() => ctx.close());

  it('ends FAILED with TIMEOUT, and the next file is read as usual by the same process', async () => {
    const resumes = ctx.get(ResumesService);
    const candidate = await makeCandidate(ctx);
    const big = pdfOf(
      Array.from({ length: 3 }, () => Array.from({ length: 40 }, (_, i) => `PyTorch line ${i}`)),
    );
    const store = (bytes: Buffer, kind: ResumeKind) =>
      ctx.dataSource.transaction((manager) =>
        resumes.insertWithin(manager, {
          candidateId: candidate.id,
          applicationId: null,
          inboundDeliveryId: null,
          file: {
            fileName: `cv.${kind}`,
            kind,
            contentType: RESUME_CONTENT_TYPES[kind],
            bytes,
            size: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
          },
        }),
      );
    const slow = await store(big, 'pdf');
    expect(await ctx.as(SYSTEM, () => resumes.extract(slow))).toBe(ResumeStatus.FAILED);
    const [row] = await ctx.sql(`SELECT failure_reason FROM resume WHERE id = $1`, [slow]);
    expect(row.failure_reason).toBe(ResumeFailureReason.TIMEOUT);
    const text = await store(Buffer.from('Plain text is read without a worker thread'), 'txt');
    expect(await ctx.as(SYSTEM, () => resumes.extract(text))).toBe(ResumeStatus.PARSED);
  });
});
