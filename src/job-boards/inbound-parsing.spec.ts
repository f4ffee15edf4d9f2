import { withoutSelfIdentification } from './inbound-parsing';

const stored = (text: string) => withoutSelfIdentification(Buffer.from(text, 'utf8')).toString('utf8');

describe('withoutSelfIdentification', () => {
  it.each<[string, string, string]>([
    [
      'a body without it is kept byte for byte',
      '{ "fullName": "Ada",  "consent": true }',
      '{ "fullName": "Ada",  "consent": true }',
    ],
    [
      'the key is removed, everything else kept',
      '{"fullName":"Ada","selfIdentification":{"gender":"FEMALE"},"consent":true}',
      '{"fullName":"Ada","consent":true}',
    ],
    [
      'a key spelled with JSON escapes is removed too',
      '{"fullName":"Ada","\\u0073elfIdentification":{"gender":"FEMALE"}}',
      '{"fullName":"Ada"}',
    ],
    [
      'every copy of a repeated key',
      '{"selfIdentification":{"gender":"MALE"},"fullName":"Ada","selfIdentification":{"gender":"FEMALE"}}',
      '{"fullName":"Ada"}',
    ],
    [
      'an answer merely mentioning it is kept',
      '{"answers":[{"question":"q","answer":"selfIdentification"}]}',
      '{"answers":[{"question":"q","answer":"selfIdentification"}]}',
    ],
    [
      'a body that is no JSON object but names it: nothing kept',
      '{"selfIdentification":{"gender":"FEMALE"',
      '',
    ],
    ['a body that is no JSON and does not name it: kept', 'not json', 'not json'],
    ['escapes without the key: kept as it was', '{"fullName":"\\u0041da"}', '{"fullName":"\\u0041da"}'],
  ])('%s', (_title, body, expected) => {
    expect(stored(body)).toBe(expected);
  });
});
