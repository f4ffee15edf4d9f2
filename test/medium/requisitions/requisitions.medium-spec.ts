import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { DomainError } from '../../../src/common/errors/domain-error';
import { encodeCursor, toPageRequest } from '../../../src/common/graphql/keyset';
import { ALL_REACH, Reach } from '../../../src/identity/access.rules';
import { UserRole } from '../../../src/identity/identity.enums';
import { UsersService } from '../../../src/identity/users.service';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { HiringTeamService } from '../../../src/requisitions/hiring-team.service';
import { CreateRequisitionCommand } from '../../../src/requisitions/requisition.commands';
import {
  EmploymentType,
  JobLevel,
  MemberRole,
  RequisitionStatus,
  SkillImportance,
  WorkplaceType,
} from '../../../src/requisitions/requisition.enums';
import { RequisitionsModule } from '../../../src/requisitions/requisitions.module';
import { RequisitionsRepository } from '../../../src/requisitions/requisitions.repository';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Requisitions' use cases and SQL against the real database: pages, reach, versions, events, the pipeline listener. */
describe('requisitions (service and repository)', () => {
  let ctx: ServiceContext;
  let service: RequisitionsService;
  let repository: RequisitionsRepository;
  // Every row this file makes carries the marker in its department, so lists can be read as this file's own.
  const department = `medium-${randomUUID()}`;
  const system = { kind: 'system' } as const;

  const command = (overrides: Partial<CreateRequisitionCommand> = {}): CreateRequisitionCommand => ({
    title: `ML Engineer ${randomUUID().slice(0, 8)}`,
    level: JobLevel.MID,
    employmentType: EmploymentType.FULL_TIME,
    headcount: 1,
    department,
    workplaceType: WorkplaceType.REMOTE,
    locations: [{ country: 'us', city: ' Austin ' }],
    salaryRange: { min: 100_000, max: 150_000, currency: 'usd', period: 'YEAR' as never },
    responsibilities: [' Train models '],
    skills: [{ name: 'torch', importance: SkillImportance.REQUIRED, minYears: 3 }],
    ...overrides,
  });
  const create = (overrides: Partial<CreateRequisitionCommand> = {}) =>
    ctx.as(system, () => service.create(command(overrides)));
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).errors;
  };

  beforeAll(async () => {
    ctx = await createServiceContext([RequisitionsModule, PipelineModule]);
    service = ctx.get(RequisitionsService);
    repository = ctx.get(RequisitionsRepository);
  });
  afterAll(() => ctx.close());

  describe('create', () => {
    it('normalises what it stores, writes one event and the audit entry, and gets the default pipeline', async () => {
      const requisition = await create();
      expect(requisition).toMatchObject({
        status: RequisitionStatus.DRAFT,
        locations: [{ country: 'US', city: 'Austin', region: null, postalCode: null }],
        salaryCurrency: 'USD',
        responsibilities: ['Train models'],
        version: 1,
        eventSequence: 1,
      });
      const events = await ctx.sql(`SELECT type, sequence, actor FROM event WHERE aggregate_id = $1`, [
        requisition.id,
      ]);
      expect(events).toEqual([{ type: 'requisition.created', sequence: 1, actor: 'system' }]);
      const audit = await ctx.sql(`SELECT action, actor FROM audit_entry WHERE $1 = ANY(subject_ids)`, [
        requisition.id,
      ]);
      expect(audit).toEqual([{ action: 'createRequisition', actor: 'system' }]);
      const stages = await ctx.sql<{ name: string; kind: string; position: number }>(
        `SELECT name, kind, position FROM pipeline_stage WHERE requisition_id = $1 ORDER BY position`,
        [requisition.id],
      );
      expect(stages.map((s) => s.kind)).toEqual([
        'APPLIED',
        'SCREEN',
        'TECHNICAL',
        'TECHNICAL',
        'ONSITE',
        'OFFER',
        'HIRED',
      ]);
      const [skill] = await ctx.sql(
        `SELECT s.name, rs.min_years::float AS "minYears" FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
         WHERE rs.requisition_id = $1`,
        [requisition.id],
      );
      expect(skill).toEqual({ name: 'PyTorch', minYears: 3 });
    });

    it('refuses min above max with a domain path and writes nothing', async () => {
      const before = await ctx.sql(`SELECT count(*)::int AS n FROM requisition WHERE department = $1`, [
        department,
      ]);
      const errors = await refusal(
        create({ salaryRange: { min: 200_000, max: 100_000, currency: 'USD', period: 'YEAR' as never } }),
      );
      expect(errors).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['salaryRange', 'min'] }),
      ]);
      expect(
        await ctx.sql(`SELECT count(*)::int AS n FROM requisition WHERE department = $1`, [department]),
      ).toEqual(before);
    });
  });

  describe('versioned changes', () => {
    it('a stale expectedVersion is refused on the version field, leaving the row as it was', async () => {
      const requisition = await create();
      const errors = await refusal(
        ctx.as(system, () =>
          service.update({ id: requisition.id, expectedVersion: 7, title: 'Overwritten' }),
        ),
      );
      expect(errors).toEqual([
        expect.objectContaining({ code: UserErrorCode.STALE_VERSION, field: ['expectedVersion'] }),
      ]);
      const [row] = await repository.findByIds([requisition.id]);
      expect(row).toMatchObject({ title: requisition.title, version: 1 });
    });

    it('an update with nothing to change keeps the version and writes no event', async () => {
      const requisition = await create();
      const same = await ctx.as(system, () =>
        service.update({ id: requisition.id, title: requisition.title }),
      );
      expect(same.version).toBe(1);
      expect(
        await ctx.sql(`SELECT count(*)::int AS n FROM event WHERE aggregate_id = $1`, [requisition.id]),
      ).toEqual([{ n: 1 }]);
    });

    it('an id that names nothing (as transports decode a malformed one) is NOT_FOUND on the id', async () => {
      const errors = await refusal(
        ctx.as(system, () => service.changeStatus('open', { id: '00000000-0000-0000-0000-000000000000' })),
      );
      expect(errors).toEqual([expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] })]);
    });
  });

  describe('pages and reach', () => {
    let memberReach: Reach;
    let mine: string[];
    let others: string[];

    beforeAll(async () => {
      const user = await ctx.get(UsersService).create({
        email: `manager.${randomUUID()}@requisite.test`,
        name: 'Manager',
        role: UserRole.HIRING_MANAGER,
        password: null,
      });
      memberReach = { kind: 'member', userId: user.id };
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await create({ title: `Reach ${i}` }));
      mine = created.slice(0, 2).map((r) => r.id);
      others = created.slice(2).map((r) => r.id);
      for (const requisitionId of mine) {
        await ctx.as(system, () =>
          ctx
            .get(HiringTeamService)
            .add({ requisitionId, userId: user.id, role: MemberRole.HIRING_MANAGER }, ALL_REACH),
        );
      }
    });

    const page = (reach: Reach, first: number, after?: string | null) =>
      repository.findPage({ department }, toPageRequest({ first, after }), reach);

    it('a member reaches only their teams’ requisitions, in lists, counts and lookups', async () => {
      const rows = await page(memberReach, 100);
      expect(rows.map((r) => r.id).sort()).toEqual([...mine].sort());
      expect(await repository.count({ department }, memberReach)).toBe(2);
      expect(await repository.findByIds(others, memberReach)).toEqual([]);
      expect(await repository.findByIds(others, { kind: 'none' })).toEqual([]);
    });

    it('keyset pages walk newest first without gaps or repeats, in one statement each', async () => {
      const all = (await page(ALL_REACH, 100)).map((r) => r.id);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { result, statements } = await ctx.statements.measure(() => page(ALL_REACH, 2, after));
        expect(statements).toBe(1);
        // limit + 1 rows come back, so the caller knows whether more exist.
        const pageRows = result.slice(0, 2);
        seen.push(...pageRows.map((r) => r.id));
        if (result.length <= 2) break;
        const last = pageRows[pageRows.length - 1];
        after = encodeCursor({ key: last.createdAt.getTime(), id: last.id });
      }
      expect(seen).toEqual(all);
    });
  });
});
