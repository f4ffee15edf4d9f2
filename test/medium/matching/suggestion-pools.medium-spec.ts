import { createHash, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { toPageRequest } from '../../../src/common/graphql/keyset';
import { EvaluationModule } from '../../../src/evaluation/evaluation.module';
import { ALL_REACH } from '../../../src/identity/access.rules';
import { JOB_BOARD_ENTITIES } from '../../../src/job-boards/job-boards.module';
import { MatchEvidenceSources } from '../../../src/matching/match-evidence';
import { BACKFILL_JOB_KEY, MatchRefreshJob } from '../../../src/matching/match-refresh.job';
import { MatchingModule } from '../../../src/matching/matching.module';
import { MatchingService } from '../../../src/matching/matching.service';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { SkillImportance } from '../../../src/requisitions/requisition.enums';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import { RESUME_CONTENT_TYPES } from '../../../src/resumes/resume.rules';
import { ResumesModule } from '../../../src/resumes/resumes.module';
import { ResumesService } from '../../../src/resumes/resumes.service';
import { makeCandidate, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

@Module({ imports: [TypeOrmModule.forFeature(JOB_BOARD_ENTITIES)] })
class InboundTablesModule {}

/**
 * Rediscovery at scale: `candidate_skill_set` (each candidate's skill ids, kept by triggers) stays current, the
 * suggestions' pools (candidates holding every skill, then every required skill, then everyone) give exactly the
 * pages the full statement gives, forwards and backwards, and `matching.backfill` stores missing matches.
 */
describe('matching: suggestion pools, the candidate skill set and the back-fill', () => {
  let ctx: ServiceContext;
  let matching: MatchingService;
  const department = `medium-pools-${randomUUID()}`;
  const REQUIREMENTS = [
    { name: 'PyTorch', importance: SkillImportance.REQUIRED, minYears: 3 },
    { name: 'Python', importance: SkillImportance.REQUIRED, minYears: 2 },
    { name: 'Spark', importance: SkillImportance.PREFERRED },
    { name: 'AWS', importance: SkillImportance.PREFERRED, minYears: 2 },
  ];

  beforeAll(async () => {
    ctx = await createServiceContext([
      PipelineModule,
      ResumesModule,
      InboundTablesModule,
      MatchingModule,
      EvaluationModule,
    ]);
    matching = ctx.get(MatchingService);
  });

  afterAll(() => ctx.close());

  async function skillSet(candidateId: string): Promise<string[]> {
    const rows = await ctx.sql<{ name: string }>(
      `SELECT s.name FROM candidate_skill_set cs JOIN skill s ON s.id = ANY(cs.skill_ids)
       WHERE cs.candidate_id = $1 ORDER BY s.name`,
      [candidateId],
    );
    return rows.map((r) => r.name);
  }

  async function readResume(candidateId: string, text: string): Promise<string> {
    const bytes = Buffer.from(text);
    const id = await ctx.dataSource.transaction((manager) =>
      ctx.get(ResumesService).insertWithin(manager, {
        candidateId,
        applicationId: null,
        inboundDeliveryId: null,
        file: {
          fileName: 'cv.txt',
          kind: 'txt',
          contentType: RESUME_CONTENT_TYPES.txt,
          bytes,
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        },
      }),
    );
    await ctx.as(SYSTEM, () => ctx.get(ResumesService).extract(id));
    return id;
  }

  describe('candidate_skill_set', () => {
    it('follows the candidate’s skill entries, added and removed, in the writing transaction', async () => {
      const candidate = await makeCandidate(ctx, {
        skills: [{ name: 'Python', years: 3 }, { name: 'Spark' }],
      });
      expect(await skillSet(candidate.id)).toEqual(['Python', 'Spark']);
      await ctx.as(SYSTEM, () =>
        ctx.get(CandidatesService).update({
          id: candidate.id,
          skills: [
            { name: 'Python', years: 4 },
            { name: 'AWS', years: 1 },
          ],
        }),
      );
      expect(await skillSet(candidate.id)).toEqual(['AWS', 'Python']);
    });

    it('adds the skills a resume shows, and a deleted resume takes the skills only it showed', async () => {
      const candidate = await makeCandidate(ctx, { skills: [{ name: 'Python', years: 3 }] });
      const resumeId = await readResume(candidate.id, 'Jane Doe\nKubernetes in production\nSome Docker\n');
      expect(await skillSet(candidate.id)).toEqual(['Docker', 'Kubernetes', 'Python']);
      // The resume's skills stay as entries of the candidate (source RESUME) until those are removed too.
      await ctx.as(SYSTEM, () =>
        ctx.get(CandidatesService).update({ id: candidate.id, skills: [{ name: 'Python', years: 3 }] }),
      );
      expect(await skillSet(candidate.id)).toEqual(['Docker', 'Kubernetes', 'Python']);
      await ctx.sql(`DELETE FROM resume WHERE id = $1`, [resumeId]);
      expect(await skillSet(candidate.id)).toEqual(['Python']);
    });

    it('keeps both of two transactions’ skills when they change one candidate at once', async () => {
      const candidate = await makeCandidate(ctx, { skills: [{ name: 'Python', years: 3 }] });
      const resumeId = await readResume(candidate.id, 'Jane Doe\nNothing the taxonomy knows\n');
      const [sql, kafka] = await Promise.all(
        ['SQL', 'Kafka'].map(async (name) => {
          const [row] = await ctx.sql<{ id: string }>(`SELECT id FROM skill WHERE name = $1`, [name]);
          return row.id;
        }),
      );
      const first = ctx.dataSource.createQueryRunner();
      const second = ctx.dataSource.createQueryRunner();
      try {
        await first.startTransaction();
        await first.query(
          `INSERT INTO candidate_skill (candidate_id, skill_id, years, position) VALUES ($1, $2, 1, 5)`,
          [candidate.id, sql],
        );
        await second.startTransaction();
        // Waits for the first transaction's lock on the candidate's set, then reads its committed entry.
        const waiting = second.query(
          `INSERT INTO resume_skill (resume_id, skill_id, evidence, position) VALUES ($1, $2, 'Kafka', 0)`,
          [resumeId, kafka],
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        await first.commitTransaction();
        await waiting;
        await second.commitTransaction();
      } finally {
        await first.release();
        await second.release();
      }
      expect(await skillSet(candidate.id)).toEqual(['Kafka', 'Python', 'SQL']);
    });

    it('holds every skill each source kept in it shows, for every candidate of the database', async () => {
      const candidate = await makeCandidate(ctx, { skills: [{ name: 'SQL', years: 2 }] });
      await readResume(candidate.id, 'Spark and Kafka pipelines\n');
      const kept = ctx
        .get(MatchEvidenceSources)
        .all()
        .filter((s) => s.inSkillSet);
      expect(kept.map((s) => s.kind)).toEqual(['PROFILE', 'RESUME']);
      for (const source of kept) {
        const [row] = await ctx.sql<{ missing: number; seen: number }>(
          `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM candidate_skill_set s
                    WHERE s.candidate_id = e.candidate_id AND e.skill_id = ANY(s.skill_ids)))::int AS missing,
                  count(*)::int AS seen
           FROM (${source.sql}) e`,
        );
        expect({ kind: source.kind, missing: row.missing }).toEqual({ kind: source.kind, missing: 0 });
        expect(row.seen).toBeGreaterThan(0);
      }
    });
  });

  describe('pools', () => {
    let requisitionId: string;
    /** Candidates made here, by name, with the skills a deterministic generator gave them. */
    const SKILLS = ['PyTorch', 'TensorFlow', 'Python', 'SQL', 'Spark', 'Hadoop', 'AWS', 'GCP', 'Docker'];
    const YEARS = [null, 0.5, 1, 2, 3, 5];

    beforeAll(async () => {
      requisitionId = (await makeRequisition(ctx, department, { skills: REQUIREMENTS })).requisition.id;
      // Eight hold every skill with the years asked (score 100: pool 1 answers the first pages), the others draw
      // skills and years from a seeded generator.
      let seed = 7;
      const next = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      for (let i = 0; i < 8; i++) {
        await makeCandidate(ctx, {
          skills: [
            { name: 'PyTorch', years: 3 + i },
            { name: 'Python', years: 2 },
            { name: 'Spark' },
            { name: 'AWS', years: 2 },
          ],
        });
      }
      for (let i = 0; i < 40; i++) {
        const chosen = new Set<string>();
        const want = 1 + next(5);
        while (chosen.size < want) chosen.add(SKILLS[next(SKILLS.length)]);
        await makeCandidate(ctx, {
          skills: [...chosen].map((name) => {
            const years = YEARS[next(YEARS.length)];
            return years === null ? { name } : { name, years };
          }),
        });
      }
    });

    async function walk(pools: boolean, first: number) {
      const rows: { id: string; score: number; pool: number }[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await matching.suggestions(requisitionId, toPageRequest({ first, after }), ALL_REACH, {
          pools,
        });
        const shown = page.slice(0, first);
        rows.push(...shown.map((r) => ({ id: r.candidate.id, score: r.score, pool: r.pool })));
        if (page.length <= first) return rows;
        const last = shown[shown.length - 1];
        after = Buffer.from(JSON.stringify([last.score, last.candidate.id])).toString('base64url');
      }
    }

    const strip = (rows: { id: string; score: number }[]) => rows.map((r) => `${r.score}:${r.id}`);

    it('pages exactly as the full statement, the first pages from the candidates holding every skill', async () => {
      const full = await walk(false, 3);
      const pooled = await walk(true, 3);
      expect(strip(pooled)).toEqual(strip(full));
      expect(full.length).toBeGreaterThan(40);
      expect(full.every((r) => r.pool === 0)).toBe(true);
      // The 100s (the eight, at least) come from pool 1; the tail, from everyone.
      expect(pooled.slice(0, 6).map((r) => r.pool)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(pooled[pooled.length - 1].pool).toBe(0);
      expect(strip(pooled)).toEqual(
        strip([...pooled].sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))),
      );
    });

    it('pages backwards exactly as the full statement, from cursors in each pool', async () => {
      const full = await walk(false, 2);
      const pools = new Set<number>();
      for (const at of [3, 5, 9, full.length - 1]) {
        const before = Buffer.from(JSON.stringify([full[at].score, full[at].id])).toString('base64url');
        const [mine, theirs] = await Promise.all(
          [true, false].map((pooled) =>
            matching.suggestions(requisitionId, toPageRequest({ last: 2, before }), ALL_REACH, {
              pools: pooled,
            }),
          ),
        );
        expect(strip(mine.map((r) => ({ id: r.candidate.id, score: r.score })))).toEqual(
          strip(theirs.map((r) => ({ id: r.candidate.id, score: r.score }))),
        );
        for (const r of mine) pools.add(r.pool);
      }
      expect(pools.has(1)).toBe(true);
      expect(pools.has(0)).toBe(true);
    });

    it('follows the requisition’s requirements when they change', async () => {
      await ctx.as(SYSTEM, () =>
        ctx.get(RequisitionsService).update({
          id: requisitionId,
          skills: [
            { name: 'Spark', importance: SkillImportance.REQUIRED },
            { name: 'Docker', importance: SkillImportance.PREFERRED },
          ],
        }),
      );
      const pooled = await walk(true, 2);
      expect(strip(pooled)).toEqual(strip(await walk(false, 2)));
      // The eight hold Spark (and no Docker): 75 each, no longer 100.
      expect(pooled.filter((r) => r.score === 100).length).toBeLessThan(pooled.length);
      expect(pooled.some((r) => r.score === 75)).toBe(true);
      await ctx.as(SYSTEM, () =>
        ctx.get(RequisitionsService).update({ id: requisitionId, skills: REQUIREMENTS }),
      );
    });
  });

  describe('matching.backfill', () => {
    it('stores the matches applications lack, with the live score, and is enqueued once when some are missing', async () => {
      const requisitionId = (await makeRequisition(ctx, department, { skills: REQUIREMENTS })).requisition.id;
      const candidate = await makeCandidate(ctx, {
        skills: [{ name: 'PyTorch', years: 1 }, { name: 'Python', years: 2 }, { name: 'GCP' }],
      });
      const { application } = await ctx.as(SYSTEM, () =>
        ctx.get(ApplicationsService).create({ candidateId: candidate.id, requisitionId }),
      );
      // Stored as the refresh would, then lost (or never made: an application older than stored scores).
      await matching.backfill();
      const [before] = await ctx.sql<{ score: number; result: unknown }>(
        `SELECT score, result FROM application_match WHERE application_id = $1`,
        [application.id],
      );
      expect(before).toBeDefined();
      await ctx.sql(`DELETE FROM application_match WHERE application_id = $1`, [application.id]);

      await ctx.sql(`SELECT graphile_worker.remove_job($1)`, [BACKFILL_JOB_KEY]);
      const job = ctx.get(MatchRefreshJob);
      expect(await job.enqueueBackfillIfNeeded()).toBe(true);
      expect(await job.enqueueBackfillIfNeeded()).toBe(true);
      const queued = await ctx.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'matching.backfill' AND key = $1`,
        [BACKFILL_JOB_KEY],
      );
      expect(queued[0].n).toBe(1);

      // What the job runs, in batches of 1 to cross batch boundaries.
      expect(await matching.backfill(1)).toBeGreaterThanOrEqual(1);
      const [after] = await ctx.sql<{ score: number; result: unknown }>(
        `SELECT score, result FROM application_match WHERE application_id = $1`,
        [application.id],
      );
      const [live] = await matching.compute(ctx.dataSource.manager, [
        { applicationId: application.id, candidateId: candidate.id, requisitionId },
      ]);
      // PyTorch 37.5 × (0.5 + 0.5 × 1/3) = 25, Python 37.5, GCP for AWS 12.5 × 0.4 × 0.5 = 2.5: 65.
      expect(after).toEqual({ score: live.result.score, result: live.result });
      expect(after.score).toBe(65);
      expect(after).toEqual(before);
      // Idempotent: nothing left to do, and nothing to enqueue.
      expect(await matching.backfill()).toBe(0);
      expect(await job.enqueueBackfillIfNeeded()).toBe(false);
    });
  });
});
