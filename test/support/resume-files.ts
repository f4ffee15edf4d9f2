// The tests build their PDF and DOCX files with the seed's generators (one writer of hand-made documents).
export { docxOf, pdfOf, zipOf } from '../../src/seed/resume-documents';
export type { ZipEntry } from '../../src/seed/resume-documents';
