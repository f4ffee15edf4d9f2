import { ResumeFailureReason } from './resume.enums';
import { cleanResumeText, MAX_RESUME_TEXT, readingPlan } from './resume-reading.rules';
import { MAX_RESUME_BYTES, RESUME_CONTENT_TYPES } from './resume.rules';

describe('readingPlan', () => {
  it.each<[string, string, Buffer, unknown]>([
    ['a PDF goes to the PDF reader', RESUME_CONTENT_TYPES.pdf, Buffer.from('%PDF-'), { read: 'pdf' }],
    ['a DOCX to the DOCX reader', RESUME_CONTENT_TYPES.docx, Buffer.from('PK'), { read: 'docx' }],
    [
      'plain text is decoded here',
      RESUME_CONTENT_TYPES.txt,
      Buffer.from('\ufeffHi'),
      { read: 'text', text: 'Hi' },
    ],
    [
      'text that is not UTF-8 is unreadable',
      RESUME_CONTENT_TYPES.txt,
      Buffer.from([0xff]),
      { read: false, reason: ResumeFailureReason.UNREADABLE },
    ],
    [
      '.doc is not read',
      RESUME_CONTENT_TYPES.doc,
      Buffer.from('x'),
      { read: false, reason: ResumeFailureReason.UNSUPPORTED_TYPE },
    ],
    [
      'RTF is not read',
      RESUME_CONTENT_TYPES.rtf,
      Buffer.from('x'),
      { read: false, reason: ResumeFailureReason.UNSUPPORTED_TYPE },
    ],
    [
      'an unknown type is not read',
      'image/png',
      Buffer.from('x'),
      { read: false, reason: ResumeFailureReason.UNSUPPORTED_TYPE },
    ],
    [
      'past the size cap',
      RESUME_CONTENT_TYPES.pdf,
      Buffer.alloc(MAX_RESUME_BYTES + 1),
      { read: false, reason: ResumeFailureReason.TOO_LARGE },
    ],
  ])('%s', (_, contentType, bytes, expected) => {
    expect(readingPlan(contentType, bytes)).toMatchObject(expected as object);
  });
});

describe('cleanResumeText', () => {
  it.each<[string, string, string | null]>([
    ['keeps text as it is', 'Ada\nPyTorch', 'Ada\nPyTorch'],
    ['removes NUL and other controls, keeps tabs and page breaks', 'A\u0000d\u0007a\tB\f', 'Ada\tB'],
    ['unifies line ends and trims trailing spaces', 'A  \r\nB\rC', 'A\nB\nC'],
    ['folds runs of blank lines', 'A\n\n\n\nB', 'A\n\nB'],
    ['nothing readable is no text', ' \n\f\n ', null],
    ['punctuation alone is no text', '— • —', null],
  ])('%s', (_, raw, expected) => {
    expect(cleanResumeText(raw)).toBe(expected);
  });

  it('cuts a very long text', () => {
    expect(cleanResumeText('a'.repeat(MAX_RESUME_TEXT + 10))).toHaveLength(MAX_RESUME_TEXT);
  });
});
