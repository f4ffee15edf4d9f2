import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CandidatesService } from '../candidates/candidates.service';
import { Reach } from '../identity/access.rules';
import { NewResume, ResumesRepository, ResumeSummary } from './resumes.repository';

/** Resumes sent with applications: stored by inbound processing, listed and downloaded by hiring teams. */
@Injectable()
export class ResumesService {
  constructor(
    private readonly resumes: ResumesRepository,
    private readonly candidates: CandidatesService,
  ) {}

  /** Stores a checked resume on the caller's transaction (rolled back with the application it came with). */
  insertWithin(manager: EntityManager, resume: NewResume): Promise<string> {
    return this.resumes.insert(manager, resume);
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
}
