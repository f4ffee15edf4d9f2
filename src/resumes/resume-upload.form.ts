import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
// Brings @fastify/multipart's request methods (isMultipart, parts) into the types wherever this file is compiled.
import type {} from '@fastify/multipart';
import { DomainError } from '../common/errors/domain-error';
import { multipartError } from '../common/http/multipart-errors';
import { MAX_RESUME_BYTES } from './resume.rules';

/** The file part of a resume upload. */
export const UPLOAD_PART = 'resume';

/**
 * Reads a `multipart/form-data` resume upload: exactly one part, the file `resume`. Anything else (another file,
 * a field, the part twice, none) is 400; a file over the multipart limits (5 MB) is 413.
 */
export async function readResumeUpload(
  request: FastifyRequest,
): Promise<{ fileName: string | null; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new UnsupportedMediaTypeException('Send the resume as multipart/form-data.');
  let upload: { fileName: string | null; bytes: Buffer } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        throw DomainError.invalid([part.fieldname], `The form takes only the "${UPLOAD_PART}" file part.`);
      }
      if (part.fieldname !== UPLOAD_PART || upload !== null) {
        await part.toBuffer().catch(() => undefined);
        throw DomainError.invalid([part.fieldname], `Send one file, as the "${UPLOAD_PART}" part.`);
      }
      const bytes = await part.toBuffer();
      if (bytes.length > MAX_RESUME_BYTES)
        throw new PayloadTooLargeException('The resume is larger than 5 MB.');
      upload = { fileName: part.filename || null, bytes };
    }
  } catch (error) {
    // Whatever is left of the body is discarded, so the answer is not cut short by an unread upload.
    request.raw.resume();
    throw multipartError(error, UPLOAD_PART);
  }
  if (!upload) throw DomainError.invalid([UPLOAD_PART], `Send the file as the "${UPLOAD_PART}" part.`);
  return upload;
}
