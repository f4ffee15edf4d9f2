import { QueryFailedError } from 'typeorm';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it('keeps kind, message and database code but drops query parameters', () => {
    const driverError = Object.assign(new Error('duplicate key'), {
      code: '23505',
      constraint: 'candidate_email_lower_unique',
    });
    const error = new QueryFailedError(
      'INSERT INTO candidate (email) VALUES ($1)',
      ['ada@example.com'],
      driverError,
    );
    const logged = loggableError(error);
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      constraint: 'candidate_email_lower_unique',
    });
    expect(JSON.stringify(logged)).not.toContain('ada@example.com');
  });

  it('describes values that are not errors', () => {
    expect(loggableError('boom')).toEqual({ type: 'string', message: 'boom' });
  });
});
