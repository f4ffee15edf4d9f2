import {
  BadRequestException,
  ConflictException,
  GoneException,
  HttpException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DomainError } from './domain-error';
import { toProblem } from './problem-details';
import { UserErrorCode } from './user-error-code';

const logger = { error: () => undefined };

describe('toProblem', () => {
  it.each<[string, unknown, { status: number; code: string; detail: string }]>([
    [
      'a plain HTTP refusal',
      new GoneException('Gone now.'),
      { status: 410, code: 'GONE', detail: 'Gone now.' },
    ],
    [
      'an HTTP refusal naming its code',
      new UnprocessableEntityException({ message: 'Key reused.', code: 'IDEMPOTENCY_KEY_REUSED' }),
      { status: 422, code: 'IDEMPOTENCY_KEY_REUSED', detail: 'Key reused.' },
    ],
    [
      'an HTTP refusal with a code that is not one (kept to the status)',
      new ConflictException({ message: 'Taken.', code: 'not a code' }),
      { status: 409, code: 'CONFLICT', detail: 'Taken.' },
    ],
    [
      'a domain refusal',
      DomainError.of(UserErrorCode.DUPLICATE_APPLICATION, 'Applied already.', ['candidateId']),
      { status: 409, code: 'DUPLICATE_APPLICATION', detail: 'Applied already.' },
    ],
  ])('%s', (_case, error, expected) => {
    expect(toProblem(error, logger)).toMatchObject(expected);
  });

  it('never lets an HTTP exception choose a code for a server error', () => {
    expect(toProblem(new HttpException({ message: 'x', code: 'FINE' }, 500), logger)).toMatchObject({
      status: 500,
      code: 'INTERNAL_SERVER_ERROR',
    });
  });

  it('answers a bad request as BAD_REQUEST', () => {
    expect(toProblem(new BadRequestException('No.'), logger)).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
  });
});
