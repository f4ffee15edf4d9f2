/** What the note use cases take: database ids and domain values, whichever transport they came through. */
export interface AddNoteCommand {
  /** Exactly one of candidateId and applicationId. */
  candidateId?: string | null;
  applicationId?: string | null;
  body: string;
  mentionedUserIds?: readonly string[] | null;
}

export interface UpdateNoteCommand {
  id: string;
  body?: string | null;
  /** Replaces the mentions when given. */
  mentionedUserIds?: readonly string[] | null;
  expectedVersion?: number | null;
}

export interface DeleteNoteCommand {
  id: string;
  expectedVersion?: number | null;
}
