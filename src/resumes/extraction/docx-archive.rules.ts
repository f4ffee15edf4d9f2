import { inflateRawSync } from 'node:zlib';

/** What a DOCX (a zip archive) may unpack to before any of it is inflated. */
export interface ArchiveLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Uncompressed size over compressed size, for any entry of more than 1 MiB. */
  maxRatio: number;
}

export const DOCX_ARCHIVE_LIMITS: ArchiveLimits = {
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntries: 1000,
  maxRatio: 200,
};

export interface ArchiveEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ArchiveCheck =
  | { ok: true; entries: ArchiveEntry[] }
  | { ok: false; reason: 'ARCHIVE_TOO_LARGE' | 'UNREADABLE'; detail: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64 = 0xffffffff;

const refuse = (detail: string): ArchiveCheck => ({ ok: false, reason: 'ARCHIVE_TOO_LARGE', detail });
const unreadable = (detail: string): ArchiveCheck => ({ ok: false, reason: 'UNREADABLE', detail });

/**
 * Reads a zip archive's central directory — without inflating anything — and refuses it when what it declares
 * would unpack beyond `limits` (a zip bomb), or when it is not a readable zip (no end record, entries outside the
 * file, ZIP64, a DOCX without word/document.xml). Declared sizes can lie: `inflateWithin` holds every entry to its
 * declared size when it is inflated.
 */
export function inspectArchive(bytes: Buffer, limits: ArchiveLimits = DOCX_ARCHIVE_LIMITS): ArchiveCheck {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return unreadable('no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || size === ZIP64 || offset === ZIP64)
    return unreadable('ZIP64 archives are not read');
  if (count > limits.maxEntries) return refuse(`${count} entries (at most ${limits.maxEntries})`);
  if (offset + size > end) return unreadable('the central directory lies outside the file');
  const entries: ArchiveEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return unreadable('a damaged central directory');
    const entry: ArchiveEntry = {
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      name: bytes.toString('utf8', at + 46, at + 46 + bytes.readUInt16LE(at + 28)),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === ZIP64 || entry.uncompressedSize === ZIP64) {
      return unreadable('ZIP64 archives are not read');
    }
    if (entry.localHeaderOffset + 30 + entry.compressedSize > offset) {
      return unreadable(`${entry.name} lies outside the file`);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      return refuse(`it unpacks to more than ${limits.maxUncompressedBytes} bytes`);
    }
    if (
      entry.uncompressedSize > 1024 * 1024 &&
      entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
    ) {
      return refuse(`${entry.name} is compressed more than ${limits.maxRatio} times`);
    }
    entries.push(entry);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    return unreadable('there is no word/document.xml: not a Word document');
  }
  return { ok: true, entries };
}

/**
 * Inflates every entry held to the size the central directory declared for it (zlib stops past it), so an
 * archive that lies about its sizes is refused having inflated no more than `inspectArchive` allowed.
 */
export function inflateWithin(bytes: Buffer, entries: ArchiveEntry[]): ArchiveCheck {
  for (const entry of entries) {
    const local = entry.localHeaderOffset;
    if (bytes.readUInt32LE(local) !== LOCAL) return unreadable(`${entry.name} has no local header`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      if (data.length !== entry.uncompressedSize) return refuse(`${entry.name} is not the size it declares`);
      continue;
    }
    if (entry.method !== 8) return unreadable(`${entry.name} uses compression method ${entry.method}`);
    try {
      const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      if (inflated.length !== entry.uncompressedSize) {
        return refuse(`${entry.name} is not the size it declares`);
      }
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? refuse(`${entry.name} unpacks beyond the size it declares`)
        : unreadable(`${entry.name} cannot be inflated`);
    }
  }
  return { ok: true, entries };
}
