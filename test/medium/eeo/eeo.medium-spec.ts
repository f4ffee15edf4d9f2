import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { SelfIdentification } from '../../../src/eeo/eeo.commands';
import {
  EeoDisabilityStatus,
  EeoGender,
  EeoRaceEthnicity,
  EeoSource,
  EeoVeteranStatus,
} from '../../../src/eeo/eeo.enums';
import { EeoModule } from '../../../src/eeo/eeo.module';
import { EeoRepository } from '../../../src/eeo/eeo.repository';
import { EeoService } from '../../../src/eeo/eeo.service';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { PipelineStageEntity } from '../../../src/pipeline/pipeline-stage.entity';
import { makeCandidate, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

const NONE: SelfIdentification = {
  gender: null,
  raceEthnicity: null,
  veteranStatus: null,
  disabilityStatus: null,
};

/** Self-identification against the real database: what is stored, the report's counts, erasure's delete. */
describe('eeo (service and repository)', () => {
  let ctx: ServiceContext;
  let eeo: EeoService;
  let applications: ApplicationsService;
  const department = `medium-eeo-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([EeoModule, PipelineModule]);
    eeo = ctx.get(EeoService);
    applications = ctx.get(ApplicationsService);
  });
  afterAll(() => ctx.close());

  /** A new candidate on the requisition, in its first stage. */
  async function apply(requisitionId: string) {
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId }),
    );
    return { candidateId: candidate.id, applicationId: application.id };
  }

  function record(
    target: { candidateId: string; applicationId: string },
    answers: Partial<SelfIdentification>,
  ): Promise<void> {
    return ctx.as(SYSTEM, () =>
      ctx.dataSource.transaction((manager) =>
        eeo.recordWithin(manager, {
          ...target,
          source: EeoSource.CAREER_PAGE,
          answers: { ...NONE, ...answers },
        }),
      ),
    );
  }

  const rowsOf = (applicationId: string) =>
    ctx.sql(`SELECT * FROM eeo_self_identification WHERE application_id = $1`, [applicationId]);

  it('stores the answers with the application and its candidate; an audit entry says only that they came', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const target = await apply(requisition.id);
    await record(target, { gender: EeoGender.FEMALE, veteranStatus: EeoVeteranStatus.DECLINE_TO_ANSWER });
    const [row] = await rowsOf(target.applicationId);
    expect(row).toMatchObject({
      candidate_id: target.candidateId,
      gender: 'FEMALE',
      race_ethnicity: null,
      veteran_status: 'DECLINE_TO_ANSWER',
      disability_status: null,
      source: 'CAREER_PAGE',
    });
    const audit = await ctx.sql(
      `SELECT action, changes FROM audit_entry WHERE $1 = ANY(subject_ids) AND action = 'submitSelfIdentification'`,
      [target.applicationId],
    );
    expect(audit).toEqual([{ action: 'submitSelfIdentification', changes: {} }]);
    const events = await ctx.sql(
      `SELECT data::text AS data FROM event WHERE aggregate_id = ANY($1::uuid[])`,
      [[target.applicationId, target.candidateId]],
    );
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.data).not.toMatch(/FEMALE|DECLINE_TO_ANSWER|gender|veteran/i);
  });

  it('a later submission for the application replaces the earlier one', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const target = await apply(requisition.id);
    await record(target, { gender: EeoGender.MALE, disabilityStatus: EeoDisabilityStatus.YES });
    await record(target, { raceEthnicity: EeoRaceEthnicity.ASIAN });
    expect(await rowsOf(target.applicationId)).toEqual([
      expect.objectContaining({ gender: null, race_ethnicity: 'ASIAN', disability_status: null }),
    ]);
  });

  it('answers that answer nothing store nothing and audit nothing', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const target = await apply(requisition.id);
    await record(target, {});
    expect(await rowsOf(target.applicationId)).toEqual([]);
    const audit = await ctx.sql(
      `SELECT 1 FROM audit_entry WHERE $1 = ANY(subject_ids) AND action = 'submitSelfIdentification'`,
      [target.applicationId],
    );
    expect(audit).toEqual([]);
  });

  it('the database refuses a value outside the categories and a row that answers nothing', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const target = await apply(requisition.id);
    const insert = (gender: string | null) =>
      ctx.sql(
        `INSERT INTO eeo_self_identification (application_id, candidate_id, gender, source) VALUES ($1, $2, $3, 'CAREER_PAGE')`,
        [target.applicationId, target.candidateId, gender],
      );
    await expect(insert('OTHER')).rejects.toThrow(/eeo_self_identification_gender_valid/);
    await expect(insert(null)).rejects.toThrow(/eeo_self_identification_answers_something/);
    expect(await rowsOf(target.applicationId)).toEqual([]);
  });

  it('deleteForCandidate removes every self-identification of the candidate and nobody else’s', async () => {
    const first = await makeRequisition(ctx, department);
    const second = await makeRequisition(ctx, department);
    const candidate = await makeCandidate(ctx);
    const onFirst = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: first.requisition.id }),
    );
    const onSecond = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: second.requisition.id }),
    );
    await record(
      { candidateId: candidate.id, applicationId: onFirst.application.id },
      { gender: EeoGender.MALE },
    );
    await record(
      { candidateId: candidate.id, applicationId: onSecond.application.id },
      { raceEthnicity: EeoRaceEthnicity.WHITE },
    );
    const other = await apply(first.requisition.id);
    await record(other, { gender: EeoGender.FEMALE });

    const deleted = await ctx.dataSource.transaction((manager) =>
      ctx.get(EeoRepository).deleteForCandidate(manager, candidate.id),
    );
    expect(deleted).toBe(2);
    expect(
      await ctx.sql(`SELECT 1 FROM eeo_self_identification WHERE candidate_id = $1`, [candidate.id]),
    ).toEqual([]);
    expect(await rowsOf(other.applicationId)).toHaveLength(1);
    // The applications stay: erasure anonymises, the funnel does not change.
    expect(await ctx.sql(`SELECT 1 FROM application WHERE candidate_id = $1`, [candidate.id])).toHaveLength(
      2,
    );
    // Rolled back with the erasure's transaction, like anything it does.
    await record(other, { gender: EeoGender.MALE });
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        await ctx.get(EeoRepository).deleteForCandidate(manager, other.candidateId);
        throw new Error('erasure failed');
      }),
    ).rejects.toThrow('erasure failed');
    expect(await rowsOf(other.applicationId)).toHaveLength(1);
  });

  describe('report', () => {
    let requisitionId: string;
    let stages: PipelineStageEntity[];

    // A hand-counted requisition: 12 applications.
    //   gender:    FEMALE 6, MALE 5, none 1 (no self-identification at all)
    //   race:      ASIAN 5, WHITE 5, TWO_OR_MORE_RACES 1, none 1
    //   veteran:   NOT_A_PROTECTED_VETERAN 11, none 1
    // The first five (FEMALE, ASIAN) moved to the second stage, two of them on to the third.
    beforeAll(async () => {
      ({
        requisition: { id: requisitionId },
        stages,
      } = await makeRequisition(ctx, department));
      const answers: Partial<SelfIdentification>[] = [
        ...Array.from({ length: 5 }, () => ({
          gender: EeoGender.FEMALE,
          raceEthnicity: EeoRaceEthnicity.ASIAN,
        })),
        { gender: EeoGender.FEMALE, raceEthnicity: EeoRaceEthnicity.TWO_OR_MORE_RACES },
        ...Array.from({ length: 5 }, () => ({
          gender: EeoGender.MALE,
          raceEthnicity: EeoRaceEthnicity.WHITE,
        })),
      ].map((a) => ({ ...a, veteranStatus: EeoVeteranStatus.NOT_A_PROTECTED_VETERAN }));
      const made = [];
      for (const a of answers) {
        const target = await apply(requisitionId);
        await record(target, a);
        made.push(target);
      }
      await apply(requisitionId); // no self-identification
      for (const [i, target] of made.slice(0, 5).entries()) {
        await ctx.as(SYSTEM, () => applications.move({ id: target.applicationId, stageId: stages[1].id }));
        if (i < 2) {
          await ctx.as(SYSTEM, () => applications.move({ id: target.applicationId, stageId: stages[2].id }));
        }
      }
    });

    const counts = (cells: { category: string; count: string }[]) =>
      Object.fromEntries(cells.map((c) => [c.category, c.count]));

    it('counts every application of the requisition, suppressing groups under 5', async () => {
      const report = await eeo.report({ requisitionId });
      expect(report.applications).toBe(12);
      expect(counts(report.dimensions.gender)).toEqual({
        MALE: '5',
        FEMALE: '6',
        DECLINE_TO_ANSWER: '<5',
        NOT_PROVIDED: '<5',
      });
      expect(counts(report.dimensions.raceEthnicity)).toMatchObject({
        ASIAN: '5',
        WHITE: '5',
        TWO_OR_MORE_RACES: '<5',
        NOT_PROVIDED: '<5',
      });
      // PROTECTED_VETERAN and DECLINE_TO_ANSWER (0) and none (1): three hidden cells, so nothing more is hidden.
      expect(counts(report.dimensions.veteranStatus)).toEqual({
        PROTECTED_VETERAN: '<5',
        NOT_A_PROTECTED_VETERAN: '11',
        DECLINE_TO_ANSWER: '<5',
        NOT_PROVIDED: '<5',
      });
      expect(Object.values(counts(report.dimensions.disabilityStatus))).toEqual(['<5', '<5', '<5', '12']);
    });

    it('a stage counts the applications that entered it, those that moved on included', async () => {
      const second = await eeo.report({ requisitionId, stageId: stages[1].id });
      expect(second.applications).toBe(5);
      expect(counts(second.dimensions.gender)).toMatchObject({ FEMALE: '5', MALE: '<5' });
      const third = await eeo.report({ requisitionId, stageId: stages[2].id });
      expect(third.applications).toBe(2);
      expect(counts(third.dimensions.gender).FEMALE).toBe('<5');
    });

    it('from/to narrow by when the application was made', async () => {
      const later = await eeo.report({ requisitionId, from: new Date(Date.now() + 60_000) });
      expect(later.applications).toBe(0);
      const earlier = await eeo.report({ requisitionId, to: new Date(Date.now() + 60_000) });
      expect(earlier.applications).toBe(12);
    });

    it('refuses a stage of another requisition and an empty window; an unknown requisition has no applications', async () => {
      const other = await makeRequisition(ctx, department);
      expect(await refusal(eeo.report({ requisitionId, stageId: other.stages[1].id }))).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['filter', 'stageId'] }),
      ]);
      const now = new Date();
      expect(await refusal(eeo.report({ requisitionId, from: now, to: now }))).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['filter', 'to'] }),
      ]);
      expect((await eeo.report({ requisitionId: randomUUID() })).applications).toBe(0);
    });
  });
});
