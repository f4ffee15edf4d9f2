import {
  bearerMatches,
  errorCodeLabel,
  inboundOutcome,
  methodLabel,
  OperationNames,
  routeLabel,
} from './metrics.rules';

describe('OperationNames', () => {
  it.each([
    ['Board', true, 'Board'],
    [undefined, true, 'anonymous'],
    ['', true, 'anonymous'],
    [null, false, 'invalid'],
    ['Board', false, 'invalid'],
    ['x'.repeat(65), true, 'other'],
    ['not a name', true, 'other'],
  ])('%p (resolved %p) → %p', (name, resolved, label) => {
    expect(new OperationNames().label(name, resolved)).toBe(label);
  });

  it('lets only authenticated callers add names; known names stay names for everyone', () => {
    const names = new OperationNames();
    expect(names.label('Junk1', true, false)).toBe('other');
    expect(names.label('Board', true, true)).toBe('Board');
    expect(names.label('Board', true, false)).toBe('Board');
    expect(names.label('Junk1', true, true)).toBe('Junk1');
  });

  it('keeps the first names and collapses the rest into "other"', () => {
    const names = new OperationNames(2);
    expect(['A', 'B', 'C', 'A', 'D', 'B'].map((name) => names.label(name, true))).toEqual([
      'A',
      'B',
      'other',
      'A',
      'other',
      'B',
    ]);
  });
});

describe('label rules', () => {
  it.each([
    [200, 'accepted'],
    [201, 'accepted'],
    [400, 'refused'],
    [401, 'unauthenticated'],
    [404, 'not_found'],
    [409, 'duplicate'],
    [410, 'gone'],
    [413, 'too_large'],
    [415, 'refused'],
    [422, 'refused'],
    [500, 'error'],
  ])('inbound status %p → %p', (status, outcome) => {
    expect(inboundOutcome(status)).toBe(outcome);
  });

  it.each([
    ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_PARSE_FAILED'],
    ['lower', 'error'],
    [42, 'error'],
    [undefined, 'error'],
    ['A'.repeat(41), 'error'],
  ])('error code %p → %p', (code, label) => {
    expect(errorCodeLabel(code)).toBe(label);
  });

  it.each([
    ['GET', 'GET'],
    ['PROPFIND', 'other'],
  ])('method %p → %p', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });

  it('labels routes by pattern, never by path', () => {
    expect(routeLabel('/v1/events/:id')).toBe('/v1/events/:id');
    expect(routeLabel(undefined)).toBe('unmatched');
  });

  it.each([
    ['Bearer secret-token-123456', true],
    ['bearer secret-token-123456', true],
    ['Bearer secret-token-1234567', false],
    ['Bearer secret', false],
    ['secret-token-123456', false],
    [undefined, false],
  ])('Authorization %p → %p', (header, ok) => {
    expect(bearerMatches(header, 'secret-token-123456')).toBe(ok);
  });
});
