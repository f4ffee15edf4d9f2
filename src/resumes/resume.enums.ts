/** Where the reading of a resume's text stands. */
export enum ResumeStatus {
  /** Stored; its text is read by the `resumes.extract` job. */
  PENDING = 'PENDING',
  /** Its text and the skills in it are stored. */
  PARSED = 'PARSED',
  /** Its text could not be read (`failureReason`); the file and the application stay. */
  FAILED = 'FAILED',
}

/** Why a resume's text could not be read. */
export enum ResumeFailureReason {
  /** Larger than the size cap. */
  TOO_LARGE = 'TOO_LARGE',
  /** A PDF with more pages than the page cap. */
  TOO_MANY_PAGES = 'TOO_MANY_PAGES',
  /** Reading took longer than the time limit per file. */
  TIMEOUT = 'TIMEOUT',
  /** Reading needed more memory than a file may take. */
  OUT_OF_MEMORY = 'OUT_OF_MEMORY',
  /** A DOCX that would unpack beyond the limits (a zip bomb), or whose entries lie about their sizes. */
  ARCHIVE_TOO_LARGE = 'ARCHIVE_TOO_LARGE',
  /** Damaged, encrypted, or not what its type says. */
  UNREADABLE = 'UNREADABLE',
  /** Read, but without any text (a scanned image: no OCR is done). */
  NO_TEXT = 'NO_TEXT',
  /** A kind whose text is not read (Word 97–2003 .doc, RTF). */
  UNSUPPORTED_TYPE = 'UNSUPPORTED_TYPE',
}
