import { EntityManager } from 'typeorm';
import { enqueueJob } from '../jobs/job-queue';

/** The resumes module's background jobs, declared to the job queue (see `JobPayloads`). */
declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Reads the text of a stored resume (PDF, DOCX, plain text) and the skills in it. */
    'resumes.extract': { resumeId: string };
  }
}

/** A file that cannot be read fails for good at once; attempts repeat only what broke around it (the database). */
export const EXTRACT_MAX_ATTEMPTS = 5;

/** Enqueues the reading of a resume on the caller's transaction: it exists exactly when the resume does. */
export function enqueueExtraction(manager: EntityManager, resumeId: string): Promise<void> {
  return enqueueJob(
    manager,
    'resumes.extract',
    { resumeId },
    { jobKey: `resume-extract:${resumeId}`, maxAttempts: EXTRACT_MAX_ATTEMPTS },
  );
}
