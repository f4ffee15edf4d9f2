import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { ALL_REACH } from '../../../src/identity/access.rules';
import { JOB_BOARD_ENTITIES } from '../../../src/job-boards/job-boards.module';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { ResumeStatus } from '../../../src/resumes/resume.enums';
import { checkResume, ResumeFile } from '../../../src/resumes/resume.rules';
import { ResumesModule } from '../../../src/resumes/resumes.module';
import { ResumesRepository } from '../../../src/resumes/resumes.repository';
import { ResumesService } from '../../../src/resumes/resumes.service';
import { makeCandidate, makeMember, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** A resume names the inbound delivery it came with (by table): the job boards' tables, without their module. */
@Module({ imports: [TypeOrmModule.forFeature(JOB_BOARD_ENTITIES)] })
class InboundTablesModule {}

/** Stored resumes: what lists show without the bytes, the latest per application, the download within reach. */
describe('resumes (service and repository)', () => {
  let ctx: ServiceContext;
  let service: ResumesService;
  let repository: ResumesRepository;

  const file = (fileName: string, text: string): ResumeFile => {
    const checked = checkResume({ fileName, bytes: Buffer.from(text) });
    if (!checked.ok) throw new Error(checked.message);
    return checked.value;
  };
  /** Stores one resume after another, each in its own transaction, so their times differ. */
  const store = async (candidateId: string, applicationId: string | null, resume: ResumeFile) =>
    ctx.dataSource.transaction((manager) =>
      service.insertWithin(manager, { candidateId, applicationId, inboundDeliveryId: null, file: resume }),
    );

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule, ResumesModule, InboundTablesModule]);
    service = ctx.get(ResumesService);
    repository = ctx.get(ResumesRepository);
  });
  afterAll(() => ctx.close());

  it('lists a candidate’s resumes newest first and each application’s latest, without their bytes', async () => {
    const { requisition } = await makeRequisition(ctx, `medium-resumes-${randomUUID()}`);
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      ctx.get(ApplicationsService).create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    const first = await store(candidate.id, application.id, file('cv.txt', 'First: PyTorch'));
    const second = await store(candidate.id, application.id, file('cv-2.txt', 'Second: JAX'));
    const unattached = await store(candidate.id, null, file('old.pdf', '%PDF-1.7 old'));

    const listed = await repository.findByCandidateIds([candidate.id]);
    expect(listed.map((r) => r.id)).toEqual([unattached, second, first]);
    expect(listed[0]).toEqual({
      id: unattached,
      candidateId: candidate.id,
      applicationId: null,
      fileName: 'old.pdf',
      contentType: 'application/pdf',
      byteSize: 12,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: ResumeStatus.PENDING,
      failureReason: null,
      pageCount: null,
      processedAt: null,
      createdAt: expect.any(Date),
    });
    expect((await repository.findLatestByApplicationIds([application.id])).map((r) => r.id)).toEqual([
      second,
    ]);
    // Text is there once the job has read it.
    expect(await service.extract(first)).toBe(ResumeStatus.PARSED);
    expect(await repository.findTexts([first, unattached])).toEqual(
      expect.arrayContaining([
        { id: first, text: 'First: PyTorch' },
        { id: unattached, text: null },
      ]),
    );
    const download = await service.findForDownload(second, ALL_REACH);
    expect(download?.content.toString()).toBe('Second: JAX');
    expect(download?.contentType).toBe('text/plain; charset=utf-8');
  });

  it('a download is none of a member’s business unless the candidate applied to their team’s requisition', async () => {
    const { requisition } = await makeRequisition(ctx, `medium-resumes-${randomUUID()}`);
    const applicant = await makeCandidate(ctx);
    const stranger = await makeCandidate(ctx);
    await ctx.as(SYSTEM, () =>
      ctx.get(ApplicationsService).create({ candidateId: applicant.id, requisitionId: requisition.id }),
    );
    const member = await makeMember(ctx, [requisition.id]);
    const theirs = await store(applicant.id, null, file('cv.txt', 'Applicant'));
    const notTheirs = await store(stranger.id, null, file('cv.txt', 'Stranger'));
    expect((await service.findForDownload(theirs, member))?.id).toBe(theirs);
    expect(await service.findForDownload(notTheirs, member)).toBeNull();
    expect(await service.findForDownload(NIL_UUID, ALL_REACH)).toBeNull();
  });
});
