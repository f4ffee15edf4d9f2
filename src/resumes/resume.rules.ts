import { createHash } from 'node:crypto';

/** The largest resume accepted, in bytes (5 MiB), whatever the channel. */
export const MAX_RESUME_BYTES = 5 * 1024 * 1024;

export type ResumeKind = 'pdf' | 'doc' | 'docx' | 'rtf' | 'txt';

/** The content type a resume of each kind is stored and served with. */
export const RESUME_CONTENT_TYPES: Record<ResumeKind, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  rtf: 'application/rtf',
  txt: 'text/plain; charset=utf-8',
};

/** Content types boards declare for each kind (Indeed sends one with every resume). */
export const DECLARED_RESUME_TYPES: Record<string, ResumeKind> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'text/plain': 'txt',
};

const EXTENSIONS: Record<string, ResumeKind> = {
  pdf: 'pdf',
  doc: 'doc',
  docx: 'docx',
  rtf: 'rtf',
  txt: 'txt',
};

/** A resume that passed every check, ready to be stored. */
export interface ResumeFile {
  fileName: string | null;
  kind: ResumeKind;
  /** What it is stored and served as (from its kind, never as the sender declared it). */
  contentType: string;
  bytes: Buffer;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

export type ResumeCheck = { ok: true; value: ResumeFile } | { ok: false; message: string };

const startsWith = (bytes: Buffer, signature: number[]): boolean =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);

const PDF = [...Buffer.from('%PDF-')];
// The OLE2 compound file header of Word 97–2003 documents.
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// A zip archive's first local file header (Office Open XML documents are zip archives).
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const RTF = [...Buffer.from('{\\rtf')];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
// C0 controls other than tab, line feed, form feed and carriage return never occur in a text resume.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;

/** The text of bytes that are valid UTF-8 without binary control characters; null otherwise. */
export function plainText(bytes: Buffer): string | null {
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
  return BINARY_CONTROL.test(text) ? null : text;
}

/** Whether the bytes are what their kind says (magic bytes; valid UTF-8 text for txt). */
export function contentIs(kind: ResumeKind, bytes: Buffer): boolean {
  switch (kind) {
    case 'pdf':
      return startsWith(bytes, PDF);
    case 'doc':
      return startsWith(bytes, OLE2);
    case 'docx':
      return startsWith(bytes, ZIP);
    case 'rtf':
      return startsWith(bytes, RTF);
    case 'txt':
      return plainText(bytes) !== null;
  }
}

/** The kind a file name's extension names, if an accepted one. */
export function kindOfFileName(fileName: string | null): ResumeKind | null {
  const match = fileName ? /\.([A-Za-z0-9]{1,10})$/.exec(fileName) : null;
  return match ? (EXTENSIONS[match[1].toLowerCase()] ?? null) : null;
}

/**
 * The file name to keep: the last path segment (browsers may send "C:\fakepath\cv.pdf"), without control
 * characters, at most 255 characters (the extension kept); null when nothing is left.
 */
export function cleanFileName(given: string | null | undefined): string | null {
  if (!given) return null;
  const name = given
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (name === '' || name === '.' || name === '..') return null;
  if (name.length <= 255) return name;
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
  return name.slice(0, 255 - extension.length) + extension;
}

const REFUSED_TYPE = 'The resume must be a PDF, Word (doc, docx), RTF or plain-text (UTF-8) file.';

/**
 * Checks a resume and returns it ready to store: its kind comes from the file name's extension (an upload) or
 * the declared content type (a board that declares one), and the bytes must be of that kind — a `.pdf` that is
 * not a PDF is refused. When both a declared type and an accepted extension are given, they must agree.
 */
export function checkResume(file: {
  fileName: string | null | undefined;
  declaredType?: string | null;
  bytes: Buffer;
}): ResumeCheck {
  const fileName = cleanFileName(file.fileName);
  const byName = kindOfFileName(fileName);
  const declared = file.declaredType?.toLowerCase().split(';')[0].trim();
  let kind: ResumeKind | null;
  if (declared !== undefined) {
    kind = DECLARED_RESUME_TYPES[declared] ?? null;
    if (kind && byName && byName !== kind) {
      return { ok: false, message: 'The resume file name and content type do not agree.' };
    }
  } else {
    kind = byName;
  }
  if (!kind) return { ok: false, message: REFUSED_TYPE };
  if (file.bytes.length === 0) return { ok: false, message: 'The resume is empty.' };
  if (file.bytes.length > MAX_RESUME_BYTES) return { ok: false, message: 'The resume is larger than 5 MB.' };
  if (!contentIs(kind, file.bytes)) {
    return { ok: false, message: `The resume's content is not a ${kind.toUpperCase()} file.` };
  }
  return {
    ok: true,
    value: {
      fileName,
      kind,
      contentType: RESUME_CONTENT_TYPES[kind],
      bytes: file.bytes,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    },
  };
}
