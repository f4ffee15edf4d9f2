import { ResumeFailureReason } from './resume.enums';
import { MAX_RESUME_BYTES, plainText, RESUME_CONTENT_TYPES, ResumeKind } from './resume.rules';

/** Characters of a resume's text that are kept (and searched); a longer one is cut there. */
export const MAX_RESUME_TEXT = 200_000;

/** How a stored resume's text is read: by which reader, or why it is not read at all. */
export type ReadingPlan =
  | { read: 'text'; text: string }
  | { read: 'pdf' | 'docx' }
  | { read: false; reason: ResumeFailureReason; detail: string };

const KIND_OF_CONTENT_TYPE = new Map<string, ResumeKind>(
  Object.entries(RESUME_CONTENT_TYPES).map(([kind, type]) => [type, kind as ResumeKind]),
);

/** Decides how to read a stored resume, from its stored (checked) content type and its bytes. */
export function readingPlan(contentType: string, bytes: Buffer): ReadingPlan {
  if (bytes.length > MAX_RESUME_BYTES) {
    return { read: false, reason: ResumeFailureReason.TOO_LARGE, detail: `${bytes.length} bytes` };
  }
  const kind = KIND_OF_CONTENT_TYPE.get(contentType);
  switch (kind) {
    case 'pdf':
    case 'docx':
      return { read: kind };
    case 'txt': {
      const text = plainText(bytes);
      return text === null
        ? { read: false, reason: ResumeFailureReason.UNREADABLE, detail: 'not UTF-8 text' }
        : { read: 'text', text };
    }
    case 'doc':
    case 'rtf':
    case undefined:
      return {
        read: false,
        reason: ResumeFailureReason.UNSUPPORTED_TYPE,
        detail: `the text of ${contentType} files is not read`,
      };
  }
}

/**
 * The text to store: without NUL characters (PostgreSQL text cannot hold them) and other C0 controls except tab,
 * line and page breaks, lines trimmed of trailing spaces, at most MAX_RESUME_TEXT characters. Null when nothing
 * readable is left (a scanned PDF has no text layer).
 */
export function cleanResumeText(raw: string): string | null {
  const text = raw
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_RESUME_TEXT);
  return /[\p{L}\p{N}]/u.test(text) ? text : null;
}
