import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProfileLinkKind } from '../../../src/candidates/candidate.enums';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { ApplicationStatus } from '../../../src/pipeline/pipeline.enums';
import { ERROR_COLUMN_LENGTH } from '../../../src/job-boards/inbound-deliveries.repository';
import { InboundSource } from '../../../src/job-boards/inbound-delivery.entity';
import { Delivery, InboundIntakeService } from '../../../src/job-boards/inbound-intake.service';
import { INDEED_DUPLICATE_WINDOW_DAYS } from '../../../src/job-boards/inbound-placement.service';
import { Applicant } from '../../../src/job-boards/inbound-parsing';
import { JobBoardEntity } from '../../../src/job-boards/job-board.entity';
import { JobBoardKind } from '../../../src/job-boards/job-board.enums';
import { JobBoardsModule } from '../../../src/job-boards/job-boards.module';
import { JobBoardsService } from '../../../src/job-boards/job-boards.service';
import { JobPostingsService } from '../../../src/job-boards/job-postings.service';
import { makeCandidate, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * The intake of board applications against the real database, without HTTP: candidates matched by e-mail (and
 * enriched, never overwritten), Indeed's reapplication rule, every delivery recorded with its answer, replays
 * answered from the record, refusals stored (the answer in full, the error column cut to its width).
 */
describe('inbound intake (service and repositories)', () => {
  let ctx: ServiceContext;
  let intake: InboundIntakeService;
  let boards: JobBoardsService;
  let postingsService: JobPostingsService;

  beforeAll(async () => {
    ctx = await createServiceContext([JobBoardsModule]);
    intake = ctx.get(InboundIntakeService);
    boards = ctx.get(JobBoardsService);
    postingsService = ctx.get(JobPostingsService);
  });
  afterAll(() => ctx.close());

  const tag = () => randomUUID().slice(0, 8);

  async function makeBoard(kind: JobBoardKind): Promise<JobBoardEntity> {
    const { board } = await ctx.as(SYSTEM, () =>
      boards.createBoard({ name: `Board ${tag()}`, slug: `medium-${tag()}`, kind }),
    );
    return board;
  }

  /** An OPEN requisition published on the board; its posting's id and first stage. */
  async function makePosting(board: JobBoardEntity) {
    const { requisition, stages } = await makeRequisition(ctx, `intake-${tag()}`);
    const { postings } = await ctx.as(SYSTEM, () =>
      postingsService.publish({ requisitionId: requisition.id, boardIds: [board.id] }),
    );
    return { postingId: postings[0].id, requisitionId: requisition.id, firstStageId: stages[0].id };
  }

  function applicant(overrides: Partial<Applicant> = {}): Applicant {
    const id = tag();
    return {
      fullName: `Grace Hopper ${id}`,
      email: `grace.${id}@requisite.test`,
      phone: null,
      links: [],
      consentGivenAt: new Date(),
      retainUntil: new Date(Date.now() + 30 * 86_400_000),
      retentionConsent: null,
      texts: [],
      resume: null,
      selfIdentification: null,
      ...overrides,
    };
  }

  function receive(
    board: JobBoardEntity,
    source: InboundSource,
    postingId: string,
    person: Applicant,
    options: { externalId?: string | null; body?: string } = {},
  ) {
    const delivery: Delivery = {
      board,
      source,
      externalId: options.externalId ?? null,
      signatureValid: source === InboundSource.CAREER_PAGE ? null : true,
      contentType: 'application/json',
      rawBody: Buffer.from(options.body ?? JSON.stringify({ email: person.email })),
      postingId: source === InboundSource.CAREER_PAGE ? postingId : null,
    };
    return ctx.as(SYSTEM, () =>
      intake.receive(
        delivery,
        { postingId, applicant: person },
        {
          sameBodyRequired: source === InboundSource.CAREER_PAGE,
        },
      ),
    );
  }

  const deliveriesOf = (boardId: string) =>
    ctx.sql<{
      source: string;
      externalId: string | null;
      status: number | null;
      applicationId: string | null;
      error: string | null;
      processed: boolean;
      detail: string | null;
    }>(
      `SELECT source, external_id AS "externalId", response_status AS status, application_id AS "applicationId",
              error, processed_at IS NOT NULL AS processed, response_body ->> 'detail' AS detail
       FROM inbound_delivery WHERE board_id = $1 ORDER BY received_at, id`,
      [boardId],
    );

  const candidatesWithEmail = (email: string) =>
    ctx.sql<{ id: string; phone: string | null; version: number }>(
      `SELECT id, phone, version FROM candidate WHERE lower(email) = lower($1)`,
      [email],
    );

  it("records the career page's optional retention consent with its time and posting; without it, none", async () => {
    const board = await makeBoard(JobBoardKind.CAREER_PAGE);
    const { postingId } = await makePosting(board);
    const givenAt = new Date(Date.now() - 1000);
    const until = new Date(Date.now() + 500 * 86_400_000);
    const consenting = applicant({ retentionConsent: { givenAt, retainUntil: until } });
    const plain = applicant();
    for (const person of [consenting, plain]) {
      expect(await receive(board, InboundSource.CAREER_PAGE, postingId, person)).toMatchObject({
        status: 201,
      });
    }
    const consent = (email: string) =>
      ctx.sql(
        `SELECT consent_given_at AS "givenAt", consent_source AS source, consent_posting_id AS "postingId",
                consent_retain_until AS until, retain_until AS "retainUntil"
         FROM candidate WHERE lower(email) = lower($1)`,
        [email],
      );
    // The application is live: nothing is due yet, whatever the consent.
    expect(await consent(consenting.email)).toEqual([
      { givenAt, source: 'CAREER_PAGE', postingId, until, retainUntil: null },
    ]);
    expect(await consent(plain.email)).toEqual([
      { givenAt: plain.consentGivenAt, source: null, postingId: null, until: null, retainUntil: null },
    ]);
  });

  it('creates the candidate and the application in the first stage, and records the delivery with its answer', async () => {
    const board = await makeBoard(JobBoardKind.CAREER_PAGE);
    const { postingId, requisitionId, firstStageId } = await makePosting(board);
    const person = applicant({ phone: '+1 415 555 0100', texts: ['Five years of PyTorch and Kubernetes'] });
    const answer = await receive(board, InboundSource.CAREER_PAGE, postingId, person, { externalId: 'k-1' });
    expect(answer).toMatchObject({ status: 201, body: { status: 'accepted' } });
    const [candidate] = await candidatesWithEmail(person.email);
    const [application] = await ctx.sql(
      `SELECT id, stage_id AS "stageId", source_kind AS "sourceKind", source_detail AS "sourceDetail"
       FROM application WHERE candidate_id = $1 AND requisition_id = $2`,
      [candidate.id, requisitionId],
    );
    expect(application).toMatchObject({
      stageId: firstStageId,
      sourceKind: 'CAREER_PAGE',
      sourceDetail: board.name,
    });
    expect(answer.applicationId).toBe(application.id);
    expect(await deliveriesOf(board.id)).toEqual([
      {
        source: 'CAREER_PAGE',
        externalId: 'k-1',
        status: 201,
        applicationId: application.id,
        error: null,
        processed: true,
        detail: null,
      },
    ]);
    const skills = await ctx.get(CandidatesService).findSkills([candidate.id]);
    expect(skills.map((s) => s.skill.name).sort()).toEqual(['Kubernetes', 'PyTorch']);
  });

  it('matches an existing candidate by e-mail in any case and only adds what the profile lacks', async () => {
    const board = await makeBoard(JobBoardKind.GENERIC);
    const { postingId, requisitionId } = await makePosting(board);
    const existing = await makeCandidate(ctx, {
      phone: '+44 20 7946 0000',
      links: [{ kind: ProfileLinkKind.GITHUB, url: 'https://github.com/grace' }],
      skills: [{ name: 'Python', years: 6 }],
    });
    const answer = await receive(
      board,
      InboundSource.STANDARD_WEBHOOKS,
      postingId,
      applicant({
        email: existing.email.toUpperCase(),
        phone: '+1 415 555 0100',
        links: [
          { kind: ProfileLinkKind.GITHUB, url: 'https://GITHUB.com/grace' },
          { kind: ProfileLinkKind.LINKEDIN, url: 'https://www.linkedin.com/in/grace' },
        ],
        texts: ['I use PyTorch daily'],
      }),
      { externalId: `msg_${tag()}` },
    );
    expect(answer.status).toBe(200);
    const rows = await candidatesWithEmail(existing.email);
    expect(rows).toHaveLength(1);
    const [candidate] = await ctx.get(CandidatesService).findByIds([existing.id]);
    expect(candidate.phone).toBe('+44 20 7946 0000');
    expect(candidate.links.map((l) => l.url)).toEqual([
      'https://github.com/grace',
      'https://www.linkedin.com/in/grace',
    ]);
    const skills = await ctx.get(CandidatesService).findSkills([existing.id]);
    expect(skills.map((s) => [s.skill.name, s.years])).toEqual([
      ['Python', 6],
      ['PyTorch', null],
    ]);
    const [application] = await ctx.sql(
      `SELECT candidate_id AS "candidateId" FROM application WHERE id = $1 AND requisition_id = $2`,
      [answer.applicationId, requisitionId],
    );
    expect(application.candidateId).toBe(existing.id);
  });

  it('deliveries racing for one new e-mail make one candidate (the e-mail is locked while it is looked up)', async () => {
    const board = await makeBoard(JobBoardKind.CAREER_PAGE);
    const postings = await Promise.all([1, 2, 3, 4].map(() => makePosting(board)));
    const person = applicant();
    const answers = await Promise.all(
      postings.map(({ postingId }, i) =>
        receive(
          board,
          InboundSource.CAREER_PAGE,
          postingId,
          i % 2 ? { ...person, email: person.email.toUpperCase() } : person,
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const [candidate, ...others] = await candidatesWithEmail(person.email);
    expect(others).toEqual([]);
    const [{ n }] = await ctx.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM application WHERE candidate_id = $1`,
      [candidate.id],
    );
    expect(n).toBe(4);
  });

  it('answers a replayed external id from the record, and refuses a reused Idempotency-Key with another body', async () => {
    const board = await makeBoard(JobBoardKind.CAREER_PAGE);
    const { postingId } = await makePosting(board);
    const person = applicant();
    const first = await receive(board, InboundSource.CAREER_PAGE, postingId, person, {
      externalId: 'same-key',
      body: '{"a":1}',
    });
    const again = await receive(board, InboundSource.CAREER_PAGE, postingId, person, {
      externalId: 'same-key',
      body: '{"a":1}',
    });
    expect(again).toEqual({ status: 201, body: first.body, applicationId: first.applicationId });
    const other = await receive(board, InboundSource.CAREER_PAGE, postingId, person, {
      externalId: 'same-key',
      body: '{"a":2}',
    });
    expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED', status: 422 } });
    expect(await deliveriesOf(board.id)).toHaveLength(1);
    expect(await ctx.sql(`SELECT id FROM application WHERE id = $1`, [first.applicationId])).toHaveLength(1);
  });

  it('a duplicate application is refused with 409 and recorded, and nothing else it did is kept', async () => {
    const board = await makeBoard(JobBoardKind.CAREER_PAGE);
    const { postingId } = await makePosting(board);
    const person = applicant();
    expect((await receive(board, InboundSource.CAREER_PAGE, postingId, person)).status).toBe(201);
    const [before] = await candidatesWithEmail(person.email);
    const refused = await receive(board, InboundSource.CAREER_PAGE, postingId, {
      ...person,
      phone: '+1 212 555 0199',
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'DUPLICATE_APPLICATION', detail: 'This e-mail address already applied to this job.' },
    });
    // The enrichment that ran before the refusal was rolled back with it.
    expect(await candidatesWithEmail(person.email)).toEqual([before]);
    const recorded = await deliveriesOf(board.id);
    expect(recorded.map((d) => [d.status, d.applicationId === null, d.error])).toEqual([
      [201, false, null],
      [409, true, 'This e-mail address already applied to this job.'],
    ]);
  });

  it('Indeed: a rejected application is reopened past 120 days, and a duplicate within them', async () => {
    const board = await makeBoard(JobBoardKind.INDEED);
    const { postingId, firstStageId } = await makePosting(board);
    const person = applicant();
    const first = await receive(board, InboundSource.INDEED, postingId, person, {
      externalId: `in-${tag()}`,
    });
    expect(first.status).toBe(200);
    await ctx.as(SYSTEM, () =>
      ctx.get(ApplicationsService).changeStatus('reject', { id: first.applicationId!, reason: 'Not now' }),
    );
    const within = await receive(board, InboundSource.INDEED, postingId, person, {
      externalId: `in-${tag()}`,
    });
    expect(within).toMatchObject({ status: 409, body: { code: 'DUPLICATE_APPLICATION' } });
    await ctx.sql(
      `UPDATE inbound_delivery SET received_at = now() - make_interval(days => $2) WHERE application_id = $1`,
      [first.applicationId, INDEED_DUPLICATE_WINDOW_DAYS + 1],
    );
    const later = await receive(board, InboundSource.INDEED, postingId, person, {
      externalId: `in-${tag()}`,
    });
    expect(later).toMatchObject({ status: 200, applicationId: first.applicationId });
    const [application] = await ctx.sql(
      `SELECT status, stage_id AS "stageId", rejection_reason AS "rejectionReason" FROM application WHERE id = $1`,
      [first.applicationId],
    );
    expect(application).toEqual({
      status: ApplicationStatus.ACTIVE,
      stageId: firstStageId,
      rejectionReason: null,
    });
  });

  it('a posting taken down is 410 and an unknown one 404; reprocessing after republishing makes the application', async () => {
    const board = await makeBoard(JobBoardKind.GENERIC);
    const { postingId, requisitionId } = await makePosting(board);
    await ctx.as(SYSTEM, () => postingsService.unpublish({ requisitionId }));
    const person = applicant();
    const body = JSON.stringify({
      postingId,
      fullName: person.fullName,
      email: person.email,
      consent: true,
    });
    const gone = await receive(board, InboundSource.STANDARD_WEBHOOKS, postingId, person, {
      externalId: `msg_${tag()}`,
      body,
    });
    expect(gone).toMatchObject({ status: 410, body: { code: 'GONE' } });
    const unknown = await receive(board, InboundSource.STANDARD_WEBHOOKS, 'not-a-posting', applicant(), {
      externalId: `msg_${tag()}`,
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await candidatesWithEmail(person.email)).toEqual([]);

    await ctx.as(SYSTEM, () => postingsService.publish({ requisitionId, boardIds: [board.id] }));
    const [stored] = await ctx.sql<{ id: string }>(
      `SELECT id FROM inbound_delivery WHERE board_id = $1 AND response_status = 410`,
      [board.id],
    );
    await ctx.as(SYSTEM, () => intake.reprocess(stored.id));
    const [after] = await ctx.sql(
      `SELECT response_status AS status, application_id IS NOT NULL AS applied FROM inbound_delivery WHERE id = $1`,
      [stored.id],
    );
    expect(after).toEqual({ status: 200, applied: true });
    const audit = await ctx.sql(`SELECT action, changes FROM audit_entry WHERE $1 = ANY(subject_ids)`, [
      stored.id,
    ]);
    expect(audit).toEqual([
      { action: 'reprocessInboundDelivery', changes: { responseStatus: { before: 410, after: 200 } } },
    ]);
  });

  it('stores a refusal: the answer in full, the error column cut to its width, and never under its external id', async () => {
    const board = await makeBoard(JobBoardKind.GENERIC);
    const message = `Refused: ${'field, '.repeat(400)}`;
    const delivery: Delivery = {
      board,
      source: InboundSource.STANDARD_WEBHOOKS,
      externalId: 'msg_refused',
      signatureValid: true,
      contentType: 'application/json',
      rawBody: Buffer.from('{}'),
    };
    const answer = await intake.refuse(delivery, new BadRequestException(message));
    expect(answer).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', detail: message } });
    const [stored] = await deliveriesOf(board.id);
    expect(stored).toMatchObject({ status: 400, externalId: null, processed: true, detail: message });
    expect(stored.error).toBe(message.slice(0, ERROR_COLUMN_LENGTH));
    expect(message.length).toBeGreaterThan(ERROR_COLUMN_LENGTH);
  });
});
