import { deflateRawSync } from 'node:zlib';
import { docxOf, zipOf } from '../../../test/support/resume-files';
import { ArchiveLimits, inflateWithin, inspectArchive } from './docx-archive.rules';

const LIMITS: ArchiveLimits = { maxUncompressedBytes: 4 * 1024 * 1024, maxEntries: 10, maxRatio: 50 };
const doc = { name: 'word/document.xml', data: Buffer.from('<w:document/>') };

describe('inspectArchive (the central directory, before inflating)', () => {
  it.each<[string, () => Buffer, 'ok' | 'ARCHIVE_TOO_LARGE' | 'UNREADABLE']>([
    ['a small Word document', () => docxOf(['Hello']), 'ok'],
    [
      'declared sizes summing past the cap',
      () => zipOf([doc, { name: 'a', data: Buffer.alloc(5 * 1024 * 1024) }]),
      'ARCHIVE_TOO_LARGE',
    ],
    [
      'one entry compressed beyond the ratio',
      () => zipOf([doc, { name: 'a', data: Buffer.alloc(2 * 1024 * 1024) }]),
      'ARCHIVE_TOO_LARGE',
    ],
    [
      'too many entries',
      () =>
        zipOf(
          Array.from({ length: 11 }, (_, i) => ({ name: `word/document.xml${i}`, data: Buffer.from('x') })),
        ),
      'ARCHIVE_TOO_LARGE',
    ],
    [
      'a zip without word/document.xml',
      () => zipOf([{ name: 'a.txt', data: Buffer.from('x') }]),
      'UNREADABLE',
    ],
    ['no end record', () => Buffer.from('PK\u0003\u0004 and nothing else'), 'UNREADABLE'],
    ['an archive cut short', () => docxOf(['Hello']).subarray(0, 200), 'UNREADABLE'],
    ['an empty buffer', () => Buffer.alloc(0), 'UNREADABLE'],
  ])('%s', (_, bytes, expected) => {
    const checked = inspectArchive(bytes(), LIMITS);
    expect(checked.ok ? 'ok' : checked.reason).toBe(expected);
  });

  it('refuses a ZIP64 end record', () => {
    const zip = docxOf(['Hello']);
    zip.writeUInt16LE(0xffff, zip.length - 22 + 10);
    expect(inspectArchive(zip, LIMITS)).toMatchObject({ ok: false, reason: 'UNREADABLE' });
  });
});

describe('inflateWithin (entries held to their declared sizes)', () => {
  it.each<[string, () => Buffer, 'ok' | 'ARCHIVE_TOO_LARGE' | 'UNREADABLE']>([
    ['sizes as declared', () => docxOf(['Hello']), 'ok'],
    [
      'an entry larger than it declares',
      () => zipOf([doc, { name: 'a', data: Buffer.alloc(100_000), declaredSize: 10 }]),
      'ARCHIVE_TOO_LARGE',
    ],
    [
      'an entry smaller than it declares',
      () => zipOf([doc, { name: 'a', data: Buffer.alloc(10), declaredSize: 1000 }]),
      'ARCHIVE_TOO_LARGE',
    ],
  ])('%s', (_, bytes, expected) => {
    const zip = bytes();
    const inspected = inspectArchive(zip, LIMITS);
    if (!inspected.ok) throw new Error(inspected.detail);
    const checked = inflateWithin(zip, inspected.entries);
    expect(checked.ok ? 'ok' : checked.reason).toBe(expected);
  });

  it('calls data that does not inflate unreadable', () => {
    const zip = zipOf([doc]);
    const inspected = inspectArchive(zip, LIMITS);
    if (!inspected.ok) throw new Error(inspected.detail);
    // Overwrite the compressed bytes of the entry with garbage of the same length.
    const start = 30 + doc.name.length;
    const length = deflateRawSync(doc.data).length;
    zip.fill(0xff, start, start + length);
    expect(inflateWithin(zip, inspected.entries)).toMatchObject({ ok: false, reason: 'UNREADABLE' });
  });
});
