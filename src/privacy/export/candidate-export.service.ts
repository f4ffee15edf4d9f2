import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntriesService } from '../../audit/audit-entries.service';
import { CandidatesService } from '../../candidates/candidates.service';
import { toGlobalId } from '../../common/graphql/global-id';
import { Environment } from '../../config/environment';
import { EvaluationRepository } from '../../evaluation/evaluation.repository';
import { MatchingService } from '../../matching/matching.service';
import { NotesService } from '../../notes/notes.service';
import { OffersService } from '../../offers/offers.service';
import { ApplicationsService } from '../../pipeline/applications.service';
import { ResumesService } from '../../resumes/resumes.service';
import { EeoRepository } from '../../eeo/eeo.repository';
import {
  CANDIDATE_EXPORT_FORMAT,
  CandidateExportDocument,
  CandidateExportOptions,
  SELF_IDENTIFICATION_KEY,
} from './candidate-export.document';

const app = (id: string) => toGlobalId('Application', id);
const iso = (at: Date | string | null) => (at == null ? null : new Date(at).toISOString());
/** `user:<uuid>` → `user`: who in the team acted is their data, not the candidate's. */
const actorKind = (actor: string) => actor.split(':')[0];

/**
 * Collects everything stored about one candidate into one JSON document (docs/privacy.md, "Export"), each part read
 * by its own feature's method, all in one REPEATABLE READ transaction so the parts agree with each other. EEO
 * self-identification is part of it only when asked for explicitly (the caller checks `eeo:read`).
 */
@Injectable()
export class CandidateExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly candidates: CandidatesService,
    private readonly applications: ApplicationsService,
    private readonly evaluation: EvaluationRepository,
    private readonly notes: NotesService,
    private readonly offers: OffersService,
    private readonly resumes: ResumesService,
    private readonly matching: MatchingService,
    private readonly audit: AuditEntriesService,
    private readonly selfIdentification: EeoRepository,
  ) {}

  /** The document, or null when there is no such candidate. */
  async exportCandidate(
    candidateId: string,
    options: CandidateExportOptions = { includeSelfIdentification: false },
  ): Promise<CandidateExportDocument | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const document = await this.build(manager, candidateId);
      if (!document || !options.includeSelfIdentification) return document;
      const answers = await this.selfIdentification.findForCandidateExport(manager, candidateId);
      return {
        ...document,
        [SELF_IDENTIFICATION_KEY]: answers.map((a) => ({
          ...a,
          applicationId: app(a.applicationId),
          submittedAt: iso(a.submittedAt),
        })),
      };
    });
  }

  private async build(manager: EntityManager, candidateId: string): Promise<CandidateExportDocument | null> {
    const [candidate] = await this.candidates.findByIds([candidateId], manager);
    if (!candidate) return null;
    const skills = await this.candidates.findSkillsWithin(manager, candidateId);
    const applications = await this.applications.findForCandidateExport(manager, candidateId);
    const applicationIds = applications.map((a) => a.id);
    const interviews = await this.evaluation.findInterviewsForCandidateExport(manager, applicationIds);
    const scorecards = await this.evaluation.findSubmittedScorecardsForCandidateExport(
      manager,
      applicationIds,
    );
    const notes = await this.notes.findForCandidateExport(manager, candidateId);
    const offers = await this.offers.findForCandidateExport(manager, candidateId);
    const resumes = await this.resumes.findForCandidateExport(manager, candidateId);
    const matches = await this.matching.findForCandidateExport(manager, candidateId);
    // Every record of the person the audit log may name: the candidate and what hangs off them.
    const subjectIds = [
      candidateId,
      ...applicationIds,
      ...interviews.map((i) => i.id),
      ...scorecards.map((s) => s.id),
      ...notes.map((n) => n.id),
      ...offers.map((o) => o.id),
      ...resumes.map((r) => r.id),
    ];
    const auditEntries = await this.audit.findAboutSubjectsWithin(manager, subjectIds);
    const base = this.env.publicBaseUrl();
    return {
      format: CANDIDATE_EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      candidate: {
        id: toGlobalId('Candidate', candidate.id),
        fullName: candidate.fullName,
        email: candidate.email,
        phone: candidate.phone,
        location: candidate.location,
        headline: candidate.headline,
        yearsOfExperience: candidate.yearsOfExperience,
        education: candidate.education,
        certifications: candidate.certifications,
        links: candidate.links,
        tags: candidate.tags,
        doNotContact: candidate.doNotContact,
        createdAt: iso(candidate.createdAt),
        updatedAt: iso(candidate.updatedAt),
      },
      skills: skills.map((s) => ({
        name: s.skill.name,
        category: s.skill.category,
        years: s.years,
        source: s.source,
        evidence: s.evidence,
      })),
      consent: {
        givenAt: iso(candidate.consentGivenAt),
        source: candidate.consentSource,
        postingId: candidate.consentPostingId ? toGlobalId('JobPosting', candidate.consentPostingId) : null,
        retainUntil: iso(candidate.consentRetainUntil),
      },
      retention: { retainUntil: iso(candidate.retainUntil) },
      applications: applications.map((a) => ({
        id: app(a.id),
        requisition: { id: toGlobalId('Requisition', a.requisitionId), title: a.requisitionTitle },
        status: a.status,
        stage: a.stage,
        source: { kind: a.sourceKind, detail: a.sourceDetail },
        rejectionReason: a.rejectionReason,
        reason: a.reasonName,
        appliedAt: iso(a.appliedAt),
        lastActivityAt: iso(a.lastActivityAt),
        history: a.transitions,
      })),
      interviews: interviews.map((i) => ({
        id: toGlobalId('Interview', i.id),
        applicationId: app(i.applicationId),
        kind: i.kind,
        status: i.status,
        startsAt: iso(i.startsAt),
        endsAt: iso(i.endsAt),
        timeZone: i.timeZone,
        location: i.location,
        cancelReason: i.cancelReason,
        interviewerCount: i.interviewerCount,
      })),
      scorecards: scorecards.map((s) => ({
        id: toGlobalId('Scorecard', s.id),
        applicationId: app(s.applicationId),
        interviewId: toGlobalId('Interview', s.interviewId),
        overallRecommendation: s.overallRecommendation,
        ratings: s.ratings,
        notes: s.notes,
        submittedAt: iso(s.submittedAt),
      })),
      notes: notes.map((n) => ({
        id: toGlobalId('Note', n.id),
        applicationId: n.applicationId ? app(n.applicationId) : null,
        body: n.body,
        createdAt: iso(n.createdAt),
        updatedAt: iso(n.updatedAt),
      })),
      offers: offers.map((o) => ({
        id: toGlobalId('Offer', o.id),
        applicationId: app(o.applicationId),
        status: o.status,
        baseSalary: o.baseSalary,
        signOnBonus: o.signOnBonus,
        equity: o.equity,
        startDate: o.startDate,
        expiresAt: iso(o.expiresAt),
        sentAt: iso(o.sentAt),
        respondedAt: iso(o.respondedAt),
        declineReason: o.declineReason,
        createdAt: iso(o.createdAt),
      })),
      resumes: resumes.map((r) => {
        const id = toGlobalId('Resume', r.id);
        return {
          id,
          applicationId: r.applicationId ? app(r.applicationId) : null,
          fileName: r.fileName,
          contentType: r.contentType,
          byteSize: r.byteSize,
          sha256: r.sha256,
          status: r.status,
          pageCount: r.pageCount,
          receivedAt: iso(r.createdAt),
          downloadUrl: `${base}/v1/resumes/${id}`,
        };
      }),
      matches: matches.map((m) => ({
        applicationId: app(m.applicationId),
        requisitionId: toGlobalId('Requisition', m.requisitionId),
        score: m.score,
        level: m.level,
        explanation: m.result,
        computedAt: iso(m.computedAt),
      })),
      auditEntries: auditEntries.map((e) => ({
        id: toGlobalId('AuditEntry', e.id),
        occurredAt: iso(e.occurredAt),
        action: e.action,
        actor: actorKind(e.actor),
        subjectType: e.subjectType,
        changes: e.changes,
      })),
    };
  }
}
