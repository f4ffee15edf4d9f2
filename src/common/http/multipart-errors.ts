import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/**
 * A multipart reading failure as the HTTP error to answer: a file over the limits is 413, too many files or fields
 * 400, and anything else Busboy or @fastify/multipart complain about (a truncated or malformed body, a field named
 * like a prototype property) 400. Domain and HTTP errors pass through. `filePart` names the one file part a form
 * may carry.
 */
export function multipartError(error: unknown, filePart: string): unknown {
  if (error instanceof DomainError || error instanceof HttpException) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PayloadTooLargeException('The resume is larger than 5 MB.');
    case 'FST_FILES_LIMIT':
      return new BadRequestException(`Send one file, as the "${filePart}" part.`);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new BadRequestException('The form has too many fields.');
    default:
      // Busboy's and the plugin's other errors: a truncated or malformed body, a field named like a prototype
      // property, a part declared JSON that is not.
      return new BadRequestException('The multipart body is malformed.');
  }
}
