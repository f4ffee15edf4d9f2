import { createHash } from 'node:crypto';
import {
  checkResume,
  cleanFileName,
  contentIs,
  MAX_RESUME_BYTES,
  plainText,
  ResumeKind,
} from './resume.rules';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
const DOC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')]);
const RTF = Buffer.from('{\\rtf1\\ansi PyTorch}');
const TXT = Buffer.from('Grace Hopper — compilers, COBOL, PyTorch 🚀\n');

describe('resume rules', () => {
  it.each<[ResumeKind, Buffer, boolean]>([
    ['pdf', PDF, true],
    ['pdf', DOC, false],
    ['pdf', Buffer.from('%PD'), false],
    ['doc', DOC, true],
    ['doc', DOCX, false],
    ['docx', DOCX, true],
    ['docx', PDF, false],
    ['rtf', RTF, true],
    ['rtf', Buffer.from('{\\rt'), false],
    ['txt', TXT, true],
    ['txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), TXT]), true],
    ['txt', Buffer.from([0xc3, 0x28]), false],
    ['txt', Buffer.from('MZ\u0000\u0001binary'), false],
    ['txt', PDF, true],
  ])('%s content check of case %#: %p', (kind, bytes, expected) => {
    expect(contentIs(kind, bytes)).toBe(expected);
  });

  it.each<[string, string | null, string | undefined, Buffer, string | null]>([
    ['a PDF by extension', 'cv.PDF', undefined, PDF, null],
    ['a DOCX by extension', 'cv.docx', undefined, DOCX, null],
    ['an unknown extension', 'cv.exe', undefined, PDF, 'must be a PDF'],
    ['no extension', 'cv', undefined, PDF, 'must be a PDF'],
    ['a PDF extension on a Word file', 'cv.pdf', undefined, DOC, 'not a PDF'],
    ['a text file that is not UTF-8', 'cv.txt', undefined, Buffer.from([0xff, 0xfe, 0x00]), 'not a TXT'],
    ['an empty file', 'cv.txt', undefined, Buffer.alloc(0), 'empty'],
    ['a declared type', null, 'application/pdf', PDF, null],
    ['a declared type with parameters', 'cv.txt', 'text/plain; charset=utf-8', TXT, null],
    ['a declared type of other content', null, 'application/pdf', TXT, 'not a PDF'],
    ['a declared type the name contradicts', 'cv.doc', 'application/pdf', PDF, 'do not agree'],
    ['a refused declared type', 'cv.pdf', 'application/x-msdownload', PDF, 'must be a PDF'],
    ['an empty declared type', 'cv.pdf', '', PDF, 'must be a PDF'],
  ])('%s', (_case, fileName, declaredType, bytes, error) => {
    const result = checkResume({ fileName, declaredType, bytes });
    if (error === null) {
      expect(result.ok).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toContain(error);
    }
  });

  it('refuses more than 5 MB', () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_RESUME_BYTES)]);
    expect(checkResume({ fileName: 'cv.pdf', bytes: big })).toEqual({
      ok: false,
      message: 'The resume is larger than 5 MB.',
    });
  });

  it('stores the kind, canonical type, size and checksum (the text is read later, by the job)', () => {
    const text = checkResume({ fileName: 'C:\\fakepath\\cv.txt', bytes: TXT });
    expect(text).toEqual({
      ok: true,
      value: {
        fileName: 'cv.txt',
        kind: 'txt',
        contentType: 'text/plain; charset=utf-8',
        bytes: TXT,
        size: TXT.length,
        sha256: createHash('sha256').update(TXT).digest('hex'),
      },
    });
    const pdf = checkResume({ fileName: 'cv.pdf', bytes: PDF });
    expect(pdf.ok && pdf.value).toMatchObject({ contentType: 'application/pdf' });
  });

  it('cleans file names', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\r\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBeNull();
    expect(cleanFileName('')).toBeNull();
    const long = cleanFileName(`${'x'.repeat(300)}.docx`)!;
    expect(long).toHaveLength(255);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('reads plain text without its byte-order mark', () => {
    expect(plainText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
  });
});
