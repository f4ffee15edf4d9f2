import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown, boolean]>([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    [
      'refused on every address (AggregateError)',
      Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), {
        code: undefined,
      }),
      true,
    ],
    ['connection reset', withCode('ECONNRESET'), true],
    ['host unknown', withCode('ENOTFOUND'), true],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['connection cut mid-query', new Error('Connection terminated unexpectedly'), true],
    [
      'server shutting down (57P01)',
      withCode('57P01', 'terminating connection due to administrator command'),
      true,
    ],
    ['server starting up (57P03)', withCode('57P03', 'the database system is starting up'), true],
    ['too many connections (53300)', withCode('53300'), true],
    ['connection exception class 08', withCode('08006'), true],
    ['wrapped by TypeORM', queryFailed(withCode('57P01')), true],
    [
      "the transaction's connection failed earlier (TypeORM released its runner)",
      new Error('Query runner already released. Cannot run queries anymore.'),
      true,
    ],
    [
      'the same, through DataSource.query',
      new Error(
        'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
      ),
      true,
    ],
    ['pg client closed', new Error('Client was closed and is not queryable'), true],
    ['as a cause', new Error('lookup failed', { cause: withCode('ECONNREFUSED') }), true],
    ['unique violation', queryFailed(withCode('23505')), false],
    ['statement timeout (57014) is a slow query, not an outage', withCode('57014'), false],
    ['syntax error', withCode('42601'), false],
    ['a plain bug', new TypeError('x is undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
    ['nothing', null, false],
  ])('%s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });

  it('stops on self-referencing causes', () => {
    const looping = new Error('loop') as Error & { cause?: unknown };
    looping.cause = looping;
    expect(isDatabaseUnavailable(looping)).toBe(false);
  });
});
