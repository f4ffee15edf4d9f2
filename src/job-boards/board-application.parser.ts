import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { BoardApplicationRequest } from './dto/career-application.request';
import { requisiteApplicant } from './career-page.parser';
import { InboundApplication, readJsonObject, validateBody } from './inbound-parsing';

/**
 * A Standard Webhooks push from any other board: Requisite's application format naming its posting. 400 when it
 * is malformed; 422 when it is well-formed but cannot be accepted (consent refused, the retention date, the resume).
 */
export async function readBoardApplication(raw: Buffer, now: Date): Promise<InboundApplication> {
  const parsed = readJsonObject(raw);
  let body: BoardApplicationRequest;
  try {
    body = await validateBody(parsed, BoardApplicationRequest);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Consent refused is well-formed but cannot be accepted; everything else is malformed.
    const onlyConsent = error.errors.every((e) => e.field?.join('.') === 'consent');
    throw onlyConsent && parsed.consent === false
      ? new UnprocessableEntityException(error.message)
      : new BadRequestException(error.message);
  }
  return { postingId: body.postingId, applicant: requisiteApplicant(body, now) };
}
