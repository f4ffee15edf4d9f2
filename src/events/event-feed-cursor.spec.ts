import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { decodeFeedCursor, encodeFeedCursor, toFeedPageRequest } from './event-feed-cursor';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('encodeFeedCursor / decodeFeedCursor', () => {
  it.each([
    ['1', '1'],
    ['0', '0'],
    ['742', '3'],
    ['9223372036854775807', '9223372036854775807'],
    ['1234567890123456789', '42'],
  ])('round-trips transaction %s, position %s', (transactionId, position) => {
    const cursor = encodeFeedCursor({ transactionId, position });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe: it goes in a query string as is
    expect(decodeFeedCursor(cursor, 'after')).toEqual({ transactionId, position });
  });

  it('gives different cursors for different places', () => {
    expect(encodeFeedCursor({ transactionId: '10', position: '2' })).not.toBe(
      encodeFeedCursor({ transactionId: '10', position: '3' }),
    );
    expect(encodeFeedCursor({ transactionId: '1', position: '02' })).not.toBe(
      encodeFeedCursor({ transactionId: '10', position: '2' }),
    );
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['empty', ''],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['an object', encode({ transactionId: '1', position: '2' })],
    ['a string', encode('1:2')],
    ['null', encode(null)],
    ['a number', encode(12)],
    ['an empty array', encode([])],
    ['one element', encode(['1'])],
    ['three elements', encode(['1', '2', '3'])],
    ['numbers instead of strings', encode([1, 2])],
    ['a number and a string', encode([1, '2'])],
    ['a string and a number', encode(['1', 2])],
    ['nulls', encode([null, null])],
    ['non-digit strings', encode(['abc', '1'])],
    ['a non-digit position', encode(['1', 'x'])],
    ['a negative number', encode(['-1', '2'])],
    ['a decimal', encode(['1.5', '2'])],
    ['an exponent', encode(['1e5', '2'])],
    ['empty strings', encode(['', ''])],
    ['whitespace around digits', encode([' 1', '2'])],
    ['a trailing newline', encode(['1\n', '2'])],
    ['SQL', encode(["1'; DROP TABLE event; --", '2'])],
    ['20 digits', encode(['12345678901234567890', '1'])],
    ['20 digits in the position', encode(['1', '12345678901234567890'])],
    ['nested arrays', encode([['1'], ['2']])],
  ])('refuses %s with INVALID_INPUT on the field', (_name, value) => {
    let thrown: unknown;
    try {
      decodeFeedCursor(value, 'after');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe(UserErrorCode.INVALID_INPUT);
    expect(error.errors).toEqual([
      {
        code: UserErrorCode.INVALID_INPUT,
        field: ['after'],
        message: '"after" is not a cursor the event feed produced.',
        existing: null,
      },
    ]);
  });

  // Only up to 9223372036854775807 fits PostgreSQL's bigint: a larger value would fail the query's cast.
  it.each([
    ['a transaction id beyond bigint', encode(['9999999999999999999', '1'])],
    ['a position beyond bigint', encode(['1', '9223372036854775808'])],
  ])('refuses %s', (_name, value) => {
    expect(() => decodeFeedCursor(value, 'after')).toThrow(DomainError);
  });

  it('names the field it was given', () => {
    expect(() => decodeFeedCursor('nope', 'cursor')).toThrow(
      '"cursor" is not a cursor the event feed produced.',
    );
  });
});

describe('toFeedPageRequest', () => {
  const cursor = encodeFeedCursor({ transactionId: '7', position: '42' });
  const at = { transactionId: '7', position: '42' };

  it.each([
    ['nothing: the first 50 from the start', {}, { direction: 'forward', cursor: null, limit: 50 }],
    ['first', { first: 10 }, { direction: 'forward', cursor: null, limit: 10 }],
    ['first and after', { first: 10, after: cursor }, { direction: 'forward', cursor: at, limit: 10 }],
    ['last: the newest', { last: 5 }, { direction: 'backward', cursor: null, limit: 5 }],
    ['last and before', { last: 5, before: cursor }, { direction: 'backward', cursor: at, limit: 5 }],
    ['before alone: 50 before it', { before: cursor }, { direction: 'backward', cursor: at, limit: 50 }],
  ])('%s', (_name, args, expected) => {
    expect(toFeedPageRequest(args)).toEqual(expected);
  });

  it.each([
    ['after with last', { last: 5, after: cursor }, 'after'],
    ['after with before', { after: cursor, before: cursor }, 'after'],
    ['first with last', { first: 5, last: 5 }, 'first'],
    ['first with before', { first: 5, before: cursor }, 'first'],
  ])('refuses %s, naming the argument that does not fit', (_name, args, field) => {
    let thrown: unknown;
    try {
      toFeedPageRequest(args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).errors).toEqual([expect.objectContaining({ field: [field] })]);
  });

  it('names the argument of a malformed cursor', () => {
    expect(() => toFeedPageRequest({ last: 5, before: 'nope' })).toThrow('"before" is not a cursor');
  });
});
