import { Injectable, GoneException, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EeoSource } from '../eeo/eeo.enums';
import { EeoService } from '../eeo/eeo.service';
import { CandidatesService } from '../candidates/candidates.service';
import { ConsentSource } from '../candidates/candidate.enums';
import { ApplicationsService } from '../pipeline/applications.service';
import { ApplicationSourceKind, ApplicationStatus } from '../pipeline/pipeline.enums';
import { ResumesService } from '../resumes/resumes.service';
import { recognizeSkills } from '../skills/skill-recognition.rules';
import { SkillsService } from '../skills/skills.service';
import { InboundDeliveriesRepository } from './inbound-deliveries.repository';
import { InboundSource } from './inbound-delivery.entity';
import { enrichment } from './inbound-applications.rules';
import { Applicant, InboundApplication } from './inbound-parsing';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardKind, JobPostingStatus } from './job-board.enums';
import { JobBoardsRepository } from './job-boards.repository';

/** Indeed counts an application of the same e-mail to the same job within this many days as a duplicate. */
export const INDEED_DUPLICATE_WINDOW_DAYS = 120;

/**
 * What an inbound application makes, on the intake's transaction: the candidate (matched by e-mail and enriched,
 * or created), the application, the resume, the self-identification (apart, in eeo/) — through the candidates', pipeline's and resumes' use cases, so their
 * events, history and audit entries are written. Refusals are thrown (the intake answers them).
 */
@Injectable()
export class InboundPlacementService {
  constructor(
    private readonly boards: JobBoardsRepository,
    private readonly deliveries: InboundDeliveriesRepository,
    private readonly candidates: CandidatesService,
    private readonly applications: ApplicationsService,
    private readonly skills: SkillsService,
    private readonly resumes: ResumesService,
    private readonly eeo: EeoService,
  ) {}

  /**
   * Puts the applicant on the posting's requisition, in its first stage: matched by e-mail (an existing candidate
   * is enriched, never overwritten), or created. Returns the application's id.
   */
  async place(
    manager: EntityManager,
    board: JobBoardEntity,
    { postingId, applicant }: InboundApplication,
    delivery: { source: InboundSource; deliveryId: string },
  ): Promise<string> {
    const posting = await this.boards.findPostingOfBoard(manager, board.id, postingId);
    if (!posting) throw new NotFoundException('There is no such job on this board.');
    if (posting.status !== JobPostingStatus.PUBLISHED) {
      throw new GoneException('This job is no longer published.');
    }
    const candidateId = await this.candidateFor(manager, applicant);
    const applicationId = await this.placeApplication(
      manager,
      board,
      delivery.source,
      candidateId,
      posting.requisitionId,
    );
    if (applicant.retentionConsent) {
      // After the application: the retention deadline it recomputes is read with the application in place.
      await this.candidates.recordConsentWithin(manager, {
        id: candidateId,
        consentGivenAt: applicant.retentionConsent.givenAt,
        retainUntil: applicant.retentionConsent.retainUntil,
        source: board.kind === JobBoardKind.CAREER_PAGE ? ConsentSource.CAREER_PAGE : ConsentSource.JOB_BOARD,
        postingId: posting.id,
      });
    }
    if (applicant.resume) {
      await this.resumes.insertWithin(manager, {
        candidateId,
        applicationId,
        inboundDeliveryId: delivery.deliveryId,
        file: applicant.resume,
      });
    }
    if (applicant.selfIdentification) {
      await this.eeo.recordWithin(manager, {
        applicationId,
        candidateId,
        source: board.kind === JobBoardKind.CAREER_PAGE ? EeoSource.CAREER_PAGE : EeoSource.JOB_BOARD,
        answers: applicant.selfIdentification,
      });
    }
    return applicationId;
  }

  /** The candidate of the applicant's e-mail, enriched with what the application adds; or a new one. */
  private async candidateFor(manager: EntityManager, applicant: Applicant): Promise<string> {
    // One applicant at a time per e-mail: two deliveries for one person must not both create a candidate.
    const existing = await this.candidates.lockByEmailWithin(manager, applicant.email);
    const recognized =
      applicant.texts.length > 0 ? recognizeSkills(applicant.texts, await this.skills.taxonomy(manager)) : [];
    if (!existing) {
      const created = await this.candidates.createWithin(manager, {
        fullName: applicant.fullName,
        email: applicant.email,
        phone: applicant.phone,
        links: applicant.links,
        consentGivenAt: applicant.consentGivenAt,
        retainUntil: applicant.retainUntil,
        skills: recognized.map((skill) => ({ name: skill.name, years: null })),
        education: [],
        certifications: [],
        tags: [],
      });
      return created.id;
    }
    const change: ReturnType<typeof enrichment> & { skills?: { name: string; years: number | null }[] } =
      enrichment(existing, applicant);
    if (recognized.length > 0) {
      // Added after the skills the candidate has, which are kept as they are (years included).
      const current = await this.candidates.findSkillsWithin(manager, existing.id);
      const known = new Set(current.map((c) => c.skillId));
      const added = recognized.filter((skill) => !known.has(skill.id));
      if (added.length > 0) {
        change.skills = [
          ...current.map((c) => ({ name: c.skill.name, years: c.years })),
          ...added.map((skill) => ({ name: skill.name, years: null })),
        ];
      }
    }
    if (Object.keys(change).length > 0) {
      await this.candidates.updateWithin(manager, { id: existing.id, ...change });
    }
    return existing.id;
  }

  /**
   * The application the delivery stands for. Usually a new one, in the first stage; a second application of the
   * candidate to the requisition is a duplicate (409) — except from Indeed, whose rule is narrower: only an earlier
   * Indeed application of the same e-mail to the job accepted within 120 days is a duplicate. Past that window (or
   * when the existing application came another way) Indeed's application is accepted: an ACTIVE application is
   * kept as it is and answered with (the resume is added to it); a REJECTED or WITHDRAWN one is made ACTIVE again
   * in the first stage, applied now, with its history entry and event (one application per candidate and
   * requisition); a HIRED one stays a duplicate.
   */
  private async placeApplication(
    manager: EntityManager,
    board: JobBoardEntity,
    source: InboundSource,
    candidateId: string,
    requisitionId: string,
  ): Promise<string> {
    const existing =
      source === InboundSource.INDEED
        ? await this.applications.findOfCandidateWithin(manager, candidateId, requisitionId)
        : undefined;
    const duplicate =
      existing &&
      (await this.deliveries.acceptedWithinDays(
        manager,
        existing.id,
        InboundSource.INDEED,
        INDEED_DUPLICATE_WINDOW_DAYS,
      ));
    if (existing && !duplicate) {
      if (existing.status === ApplicationStatus.ACTIVE) return existing.id;
      if (existing.status === ApplicationStatus.REJECTED || existing.status === ApplicationStatus.WITHDRAWN) {
        const { application } = await this.applications.reapplyWithin(
          manager,
          existing.id,
          `Applied again through ${board.name}`,
        );
        return application.id;
      }
    }
    const { application } = await this.applications.createWithin(manager, {
      candidateId,
      requisitionId,
      source: {
        kind:
          board.kind === JobBoardKind.CAREER_PAGE
            ? ApplicationSourceKind.CAREER_PAGE
            : ApplicationSourceKind.JOB_BOARD,
        detail: board.name,
      },
    });
    return application.id;
  }
}
