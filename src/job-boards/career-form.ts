import { PayloadTooLargeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
// Brings @fastify/multipart's request methods (isMultipart, parts) into the types wherever this file is compiled.
import type {} from '@fastify/multipart';
import { DomainError } from '../common/errors/domain-error';
import { multipartError } from '../common/http/multipart-errors';

/** Form fields whose value is JSON (lists of objects), as in the JSON format. */
const JSON_FIELDS = new Set(['links', 'answers']);
/** Checkboxes: "true"/"false" as booleans. */
const BOOLEAN_FIELDS = new Set(['consent', 'retentionConsent']);

/** Form fields whose value is a JSON object, as in the JSON format. */
const JSON_OBJECT_FIELDS = new Set(['selfIdentification']);

/** The one file part a career-page form may carry. */
export const RESUME_PART = 'resume';

/**
 * Reads a career page's `multipart/form-data` application into the JSON format's shape, so one validation and one
 * processing serve both: text fields as they are (`consent` and `retentionConsent` "true"/"false" as booleans,
 * `links` and `answers` as JSON arrays, `selfIdentification` as a JSON object), and the `resume` file part as
 * `{ fileName, data }` with the bytes in base64. Returns that object and
 * its JSON text, which is what the delivery stores: a form's boundary changes with every submission, so the same
 * application sent again must hash the same for its Idempotency-Key. Malformed forms are 400; a file over the
 * multipart limits (5 MB) or a field over 1 MB is 413.
 */
export async function readCareerForm(
  request: FastifyRequest,
): Promise<{ body: Record<string, unknown>; raw: Buffer }> {
  const body: Record<string, unknown> = {};
  try {
    for await (const part of request.parts()) {
      if (Object.prototype.hasOwnProperty.call(body, part.fieldname)) {
        if (part.type === 'file') await part.toBuffer().catch(() => undefined);
        throw DomainError.invalid([part.fieldname], `${part.fieldname} is given more than once.`);
      }
      if (part.type === 'file') {
        if (part.fieldname !== RESUME_PART) {
          await part.toBuffer().catch(() => undefined);
          throw DomainError.invalid([part.fieldname], `The only file part is "${RESUME_PART}".`);
        }
        const bytes = await part.toBuffer();
        body[RESUME_PART] = { fileName: part.filename, data: bytes.toString('base64') };
        continue;
      }
      if (part.valueTruncated) throw new PayloadTooLargeException(`${part.fieldname} is larger than 1 MB.`);
      body[part.fieldname] = fieldValue(part.fieldname, part.value);
    }
  } catch (error) {
    // Whatever is left of the body is discarded, so the answer is not cut short by an unread upload.
    request.raw.resume();
    throw multipartError(error, RESUME_PART);
  }
  return { body, raw: Buffer.from(JSON.stringify(body), 'utf8') };
}

function fieldValue(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (BOOLEAN_FIELDS.has(name)) return value === 'true' ? true : value === 'false' ? false : value;
  const kind = JSON_FIELDS.has(name) ? 'array' : JSON_OBJECT_FIELDS.has(name) ? 'object' : null;
  if (!kind) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw DomainError.invalid([name], `${name} must be a JSON ${kind}.`);
  }
}
