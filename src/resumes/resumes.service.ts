import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CandidatesService } from '../candidates/candidates.service';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { Environment } from '../config/environment';
import { Reach } from '../identity/access.rules';
import { recognizeSkillsWithEvidence } from '../skills/skill-recognition.rules';
import { SkillsService } from '../skills/skills.service';
import { extractResumeText, ExtractionResult } from './extraction/resume-text.extractor';
import { enqueueExtraction } from './resume-jobs';
import { cleanResumeText, MAX_RESUME_TEXT, readingPlan } from './resume-reading.rules';
import { ResumeFailureReason, ResumeStatus } from './resume.enums';
import { UploadResumeCommand } from './resume.commands';
import {
  NewResume,
  ResumesRepository,
  ResumeSkillEvidence,
  ResumeSummary,
  ResumeToRead,
} from './resumes.repository';

/** JavaScript heap of the thread that reads one file; a file needing more fails OUT_OF_MEMORY. */
const READER_HEAP_MB = 256;

/** What reading a resume's file gave: its text, or why there is none. */
type Reading =
  | { ok: true; text: string; pageCount: number | null }
  | { ok: false; reason: ResumeFailureReason; detail: string };

/**
 * Resumes: stored by inbound processing and by uploads (each enqueueing the reading of its text in the same
 * transaction), read by the `resumes.extract` job, listed and downloaded by hiring teams.
 */
@Injectable()
export class ResumesService {
  private readonly logger = new Logger('Resumes');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resumes: ResumesRepository,
    private readonly candidates: CandidatesService,
    private readonly skills: SkillsService,
    private readonly audit: AuditLog,
    private readonly env: Environment,
  ) {}

  /**
   * Stores a checked resume on the caller's transaction (rolled back with the application it came with), PENDING,
   * and enqueues the reading of its text on the same transaction.
   */
  async insertWithin(manager: EntityManager, resume: NewResume): Promise<string> {
    const id = await this.resumes.insert(manager, resume);
    await enqueueExtraction(manager, id);
    return id;
  }

  /**
   * A resume uploaded for a candidate by a signed-in user: stored PENDING (its text is read afterwards) if the
   * candidate is within `reach` — else it is not found.
   */
  async upload(command: UploadResumeCommand, reach: Reach): Promise<ResumeSummary> {
    return inTransaction(this.dataSource, async (manager) => {
      const [candidate] = await this.candidates.findByIds([command.candidateId], manager, reach);
      // Share-locked, so an erasure cannot run under the upload, nor the resume be stored after it.
      if (!candidate || !(await this.candidates.shareLockWithin(manager, candidate.id))) {
        throw DomainError.notFound('Candidate', ['candidateId']);
      }
      const id = await this.insertWithin(manager, {
        candidateId: candidate.id,
        applicationId: null,
        inboundDeliveryId: null,
        file: command.file,
      });
      await this.audit.record(manager, {
        action: 'uploadResume',
        subjectType: 'resume',
        subjectIds: [id, candidate.id],
        changes: {
          fileName: { before: null, after: command.file.fileName },
          contentType: { before: null, after: command.file.contentType },
          byteSize: { before: null, after: command.file.size },
        },
      });
      const [summary] = await this.resumes.findByIdsWithin(manager, [id]);
      return summary;
    });
  }

  /**
   * The `resumes.extract` job: reads the text of a PENDING resume — a PDF or DOCX in a worker thread cut off after
   * RESUME_PARSE_TIMEOUT_MS — and records it PARSED with the skills recognised in it (each with its evidence line;
   * those the candidate lacks are added to their skills, marked RESUME), or FAILED with the reason. A resume
   * already read, or gone, is left alone, so a repeated job changes nothing. Returns the status it ends in.
   */
  async extract(resumeId: string): Promise<ResumeStatus | null> {
    const resume = await this.resumes.findToRead(resumeId);
    if (!resume || resume.status !== ResumeStatus.PENDING) return resume?.status ?? null;
    const reading = await this.read(resume);
    return inTransaction(this.dataSource, async (manager) => {
      const status = await this.resumes.lockStatus(manager, resumeId);
      if (status !== ResumeStatus.PENDING) return status;
      if (!reading.ok) {
        await this.resumes.recordFailed(manager, resumeId, reading.reason, reading.detail);
        await this.audit.record(manager, {
          action: 'readResume',
          subjectType: 'resume',
          subjectIds: [resumeId, resume.candidateId],
          changes: {
            status: { before: ResumeStatus.PENDING, after: ResumeStatus.FAILED },
            failureReason: { before: null, after: reading.reason },
          },
        });
        this.logger.warn(`resume ${resumeId} not read: ${reading.reason} (${reading.detail})`);
        return ResumeStatus.FAILED;
      }
      const recognized = recognizeSkillsWithEvidence(reading.text, await this.skills.taxonomy(manager)).map(
        (found) => ({ skillId: found.skill.id, evidence: found.evidence }),
      );
      await this.resumes.recordParsed(
        manager,
        resumeId,
        { text: reading.text, pageCount: reading.pageCount },
        recognized,
      );
      const added = await this.candidates.recordResumeReadWithin(manager, resume.candidateId, recognized);
      await this.audit.record(manager, {
        action: 'readResume',
        subjectType: 'resume',
        subjectIds: [resumeId, resume.candidateId],
        changes: {
          status: { before: ResumeStatus.PENDING, after: ResumeStatus.PARSED },
          skillsRecognized: { before: null, after: recognized.length },
          skillsAdded: { before: null, after: added.length },
        },
      });
      return ResumeStatus.PARSED;
    });
  }

  private async read(resume: ResumeToRead): Promise<Reading> {
    const plan = readingPlan(resume.contentType, resume.content);
    if (plan.read === false) return { ok: false, reason: plan.reason, detail: plan.detail };
    const result: ExtractionResult =
      plan.read === 'text'
        ? { ok: true, text: plan.text, pages: null }
        : await extractResumeText(plan.read, resume.content, {
            timeoutMs: this.env.RESUME_PARSE_TIMEOUT_MS,
            maxPages: this.env.RESUME_MAX_PAGES,
            maxChars: MAX_RESUME_TEXT * 2,
            maxHeapMb: READER_HEAP_MB,
          });
    if (!result.ok) return { ok: false, reason: ResumeFailureReason[result.reason], detail: result.detail };
    const text = cleanResumeText(result.text);
    if (text === null) {
      return { ok: false, reason: ResumeFailureReason.NO_TEXT, detail: 'no text in the file (a scan?)' };
    }
    return { ok: true, text, pageCount: result.pages };
  }

  findByCandidateIds(candidateIds: readonly string[]): Promise<ResumeSummary[]> {
    return this.resumes.findByCandidateIds(candidateIds);
  }

  findLatestByApplicationIds(applicationIds: readonly string[]): Promise<ResumeSummary[]> {
    return this.resumes.findLatestByApplicationIds(applicationIds);
  }

  findTexts(ids: readonly string[]): Promise<{ id: string; text: string | null }[]> {
    return this.resumes.findTexts(ids);
  }

  findSkillsByResumeIds(ids: readonly string[]): Promise<ResumeSkillEvidence[]> {
    return this.resumes.findSkillsByResumeIds(ids);
  }

  /** RESUME evidence of each candidate's skills (see `ResumesRepository.findSkillEvidenceByCandidateIds`). */
  findSkillEvidenceByCandidateIds(candidateIds: readonly string[]): Promise<ResumeSkillEvidence[]> {
    return this.resumes.findSkillEvidenceByCandidateIds(candidateIds);
  }

  /**
   * One resume with its bytes, for download; null when there is none, or its candidate is beyond the caller's
   * `reach` (a resume of a candidate they cannot see is one they cannot know exists).
   */
  async findForDownload(id: string, reach: Reach): Promise<(ResumeSummary & { content: Buffer }) | null> {
    const resume = await this.resumes.findWithContent(id);
    if (!resume) return null;
    const [candidate] = await this.candidates.findByIds([resume.candidateId], undefined, reach);
    return candidate ? resume : null;
  }

  /** The candidate's resumes (metadata), for their data export (docs/privacy.md), on the caller's transaction. */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return this.resumes.findForCandidateExport(manager, candidateId);
  }
}
