import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../jobs/job-runner';
import { ResumesService } from './resumes.service';
// The job names it registers are declared there.
import './resume-jobs';

/**
 * `resumes.extract`: enqueued in the transaction that stores a resume (career page, boards, uploads); reads its
 * text and skills (ResumesService.extract). A file that cannot be read ends FAILED without throwing; only a
 * failure around it (the database) makes graphile-worker try again.
 */
@Injectable()
export class ResumeExtractionJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRunner,
    private readonly resumes: ResumesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('resumes.extract', async ({ resumeId }) => {
      await this.resumes.extract(resumeId);
    });
  }
}
