import { prettyLogs } from './log-format.rules';

describe('prettyLogs', () => {
  it.each([
    ['auto', 'development', true, true],
    ['auto', 'test', true, true],
    ['auto', 'production', true, false],
    ['auto', 'development', false, false],
    ['auto', 'production', false, false],
    ['json', 'development', true, false],
    ['pretty', 'production', false, true],
    ['pretty', 'development', false, true],
  ] as const)('LOG_FORMAT=%s, NODE_ENV=%s, terminal %s → pretty %s', (format, nodeEnv, terminal, pretty) => {
    expect(prettyLogs(format, nodeEnv, terminal)).toBe(pretty);
  });
});
