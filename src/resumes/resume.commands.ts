import { ResumeFile } from './resume.rules';

/** A resume a signed-in user uploads for a candidate (checked already: kind, size, content). */
export interface UploadResumeCommand {
  candidateId: string;
  file: ResumeFile;
}
