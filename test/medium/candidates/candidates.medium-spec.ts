import { randomUUID } from 'node:crypto';
import { CandidateListFilter } from '../../../src/candidates/candidate.commands';
import { CandidatesModule } from '../../../src/candidates/candidates.module';
import { CandidatesRepository } from '../../../src/candidates/candidates.repository';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { encodeCursor, toPageRequest } from '../../../src/common/graphql/keyset';
import { ALL_REACH, Reach } from '../../../src/identity/access.rules';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import {
  candidateCommand,
  makeCandidate,
  makeMember,
  makeRequisition,
  refusal,
  SYSTEM,
} from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Candidates' use cases and SQL against the real database: e-mail uniqueness, versions, events, list filters. */
describe('candidates (service and repository)', () => {
  let ctx: ServiceContext;
  let service: CandidatesService;
  let repository: CandidatesRepository;

  beforeAll(async () => {
    ctx = await createServiceContext([CandidatesModule, PipelineModule]);
    service = ctx.get(CandidatesService);
    repository = ctx.get(CandidatesRepository);
  });
  afterAll(() => ctx.close());

  describe('create and update', () => {
    it('stores the profile normalised, resolves skills through the taxonomy, and writes its event and audit entry', async () => {
      const candidate = await makeCandidate(ctx, {
        fullName: '  Grace Hopper ',
        phone: ' +1 415 555 0100 ',
        location: { country: 'us', city: ' Berkeley ' },
        headline: '  ',
        skills: [{ name: 'torch', years: 3 }, { name: ' python ' }],
        tags: ['RecSys', 'recsys', '  Kaggle   Master ', ''],
      });
      expect(candidate).toMatchObject({
        fullName: 'Grace Hopper',
        phone: '+1 415 555 0100',
        location: { country: 'US', city: 'Berkeley', region: null, postalCode: null },
        headline: null,
        tags: ['RecSys', 'Kaggle Master'],
        version: 1,
        eventSequence: 1,
      });
      const [skills] = await Promise.all([repository.findSkillsByCandidateIds([candidate.id])]);
      expect(skills.map((s) => [s.skill.name, s.years])).toEqual([
        ['PyTorch', 3],
        ['Python', null],
      ]);
      const written = await ctx.sql<{ what: string; tx: string }>(
        `SELECT type AS what, xmin::text AS tx FROM event WHERE aggregate_id = $1
         UNION ALL SELECT action, xmin::text FROM audit_entry WHERE $1 = ANY(subject_ids)
         UNION ALL SELECT 'row', xmin::text FROM candidate WHERE id = $1 ORDER BY what`,
        [candidate.id],
      );
      expect(written.map((w) => w.what)).toEqual(['candidate.created', 'createCandidate', 'row']);
      expect(new Set(written.map((w) => w.tx)).size).toBe(1);
    });

    it('e-mails are unique ignoring case: DUPLICATE_CANDIDATE on the e-mail, naming the candidate who has it', async () => {
      const email = `Unique.${randomUUID()}@Example.com`;
      const first = await makeCandidate(ctx, { email });
      const duplicate = {
        code: UserErrorCode.DUPLICATE_CANDIDATE,
        field: ['email'],
        existing: { type: 'Candidate', id: first.id },
      };
      expect(
        await refusal(
          ctx.as(SYSTEM, () => service.create(candidateCommand({ email: ` ${email.toUpperCase()} ` }))),
        ),
      ).toEqual([expect.objectContaining(duplicate)]);
      const second = await makeCandidate(ctx);
      expect(
        await refusal(ctx.as(SYSTEM, () => service.update({ id: second.id, email: email.toLowerCase() }))),
      ).toEqual([expect.objectContaining(duplicate)]);
      // Their own address in another case is theirs to keep.
      const changed = await ctx.as(SYSTEM, () =>
        service.update({ id: first.id, email: email.toLowerCase() }),
      );
      expect(changed).toMatchObject({ email: email.toLowerCase(), version: 2 });
    });

    it('update: changes only what is given, names the changed fields (not their values), refuses stale versions', async () => {
      const candidate = await makeCandidate(ctx, { phone: '+1 212 555 0123', tags: ['NLP'] });
      expect(
        await refusal(
          ctx.as(SYSTEM, () =>
            service.update({
              id: candidate.id,
              expectedVersion: 2,
              skills: [{ name: `Never ${randomUUID()}` }],
            }),
          ),
        ),
      ).toEqual([expect.objectContaining({ code: UserErrorCode.STALE_VERSION, field: ['expectedVersion'] })]);
      expect(await refusal(ctx.as(SYSTEM, () => service.update({ id: NIL_UUID, headline: 'x' })))).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
      ]);
      const same = await ctx.as(SYSTEM, () => service.update({ id: candidate.id, tags: ['NLP', 'nlp'] }));
      expect(same.version).toBe(1);
      const updated = await ctx.as(SYSTEM, () =>
        service.update({
          id: candidate.id,
          expectedVersion: 1,
          phone: null,
          skills: [{ name: 'JAX', years: 1 }],
        }),
      );
      expect(updated).toMatchObject({ phone: null, tags: ['NLP'], version: 2, eventSequence: 2 });
      const events = await ctx.sql<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, data FROM event WHERE aggregate_id = $1 ORDER BY sequence`,
        [candidate.id],
      );
      expect(events.map((e) => e.type)).toEqual(['candidate.created', 'candidate.updated']);
      expect((events[1].data.changedFields as string[]).sort()).toEqual(['phone', 'skills']);
      expect(JSON.stringify(events)).not.toContain('555 0123');
    });
  });

  describe('lists', () => {
    const tag = randomUUID().slice(0, 8);
    let torch: string;
    let vision: string;
    let fresh: string;
    let member: Reach;

    const list = async (filter: CandidateListFilter, reach: Reach = ALL_REACH, searchesEmail = true) => {
      const query = await service.toQuery({ search: tag, ...filter }, reach, searchesEmail);
      const rows = await service.findPage(query, toPageRequest({ first: 50 }));
      return { ids: rows.map((c) => c.id), count: await service.count(query) };
    };

    beforeAll(async () => {
      torch = (
        await makeCandidate(ctx, {
          fullName: `Ranking Person ${tag}`,
          headline: `Feed ranking at scale ${tag}`,
          yearsOfExperience: 7,
          skills: [{ name: 'PyTorch' }, { name: 'Python' }],
          tags: ['RecSys', 'Referral'],
        })
      ).id;
      vision = (
        await makeCandidate(ctx, {
          fullName: `Vision Person ${tag}`,
          email: `vision.${tag}@lab.example.org`,
          yearsOfExperience: 3,
          skills: [{ name: 'TensorFlow' }, { name: 'Python' }],
          tags: ['NLP', 'Referral'],
        })
      ).id;
      fresh = (await makeCandidate(ctx, { fullName: `New Grad ${tag}`, yearsOfExperience: 0 })).id;
      const { requisition } = await makeRequisition(ctx, `medium-candidates-${tag}`);
      await ctx.as(SYSTEM, () =>
        ctx.get(ApplicationsService).create({ candidateId: vision, requisitionId: requisition.id }),
      );
      member = await makeMember(ctx, [requisition.id]);
    });

    // Ranking, typos and highlights are pinned in candidate-search.medium-spec.ts; here, search as one filter.
    it('search: name, headline or the whole e-mail, ignoring case; not e-mails for callers who may not see them', async () => {
      expect(await list({})).toEqual({ ids: [fresh, vision, torch], count: 3 });
      expect(await list({ search: `VISION PERSON ${tag}` })).toEqual({ ids: [vision], count: 1 });
      expect(await list({ search: `feed RANKING at scale ${tag}` })).toEqual({ ids: [torch], count: 1 });
      expect(await list({ search: `VISION.${tag}@lab.example.org` })).toEqual({ ids: [vision], count: 1 });
      expect(await list({ search: `vision.${tag}@LAB` })).toEqual({ ids: [], count: 0 });
      expect(await list({ search: `vision.${tag}@lab.example.org` }, ALL_REACH, false)).toEqual({
        ids: [],
        count: 0,
      });
    });

    it('skills: every one listed, in any spelling; one nobody has matches no one and is not added to the taxonomy', async () => {
      expect(await list({ skills: ['torch'] })).toEqual({ ids: [torch], count: 1 });
      expect(await list({ skills: ['python'] })).toEqual({ ids: [vision, torch], count: 2 });
      expect(await list({ skills: ['python', 'TORCH ', 'PyTorch'] })).toEqual({ ids: [torch], count: 1 });
      expect(await list({ skills: ['torch', 'tf'] })).toEqual({ ids: [], count: 0 });
      const unknown = `Quantum Wizardry ${tag}`;
      expect(await list({ skills: ['python', unknown] })).toEqual({ ids: [], count: 0 });
      expect(await ctx.sql(`SELECT 1 FROM skill WHERE name = $1`, [unknown])).toEqual([]);
    });

    it('tags and minimum experience: every tag listed, ignoring case; combined with the rest', async () => {
      expect(await list({ tags: ['referral'] })).toEqual({ ids: [vision, torch], count: 2 });
      expect(await list({ tags: ['Referral', 'nlp'] })).toEqual({ ids: [vision], count: 1 });
      expect(await list({ tags: ['RecSys', 'NLP'] })).toEqual({ ids: [], count: 0 });
      expect(await list({ minYearsOfExperience: 3 })).toEqual({ ids: [vision, torch], count: 2 });
      expect(await list({ minYearsOfExperience: 5, skills: ['python'] })).toEqual({ ids: [torch], count: 1 });
    });

    it('a member sees only candidates who applied to their teams’ requisitions', async () => {
      expect(await list({}, member)).toEqual({ ids: [vision], count: 1 });
      expect(await list({}, { kind: 'none' })).toEqual({ ids: [], count: 0 });
      expect((await service.findByIds([torch, vision], undefined, member)).map((c) => c.id)).toEqual([
        vision,
      ]);
    });

    it('keyset pages walk newest first, one statement each', async () => {
      const query = await service.toQuery({ search: tag }, ALL_REACH);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { result, statements } = await ctx.statements.measure(() =>
          service.findPage(query, toPageRequest({ first: 2, after })),
        );
        expect(statements).toBe(1);
        const page = result.slice(0, 2);
        seen.push(...page.map((c) => c.id));
        if (result.length <= 2) break;
        const last = page[page.length - 1];
        after = encodeCursor({ key: last.createdAt.getTime(), id: last.id });
      }
      expect(seen).toEqual([fresh, vision, torch]);
    });
  });
});
