import { typoWords } from './candidate-search.rules';

describe('typoWords', () => {
  it.each<[string, string, string[]]>([
    ['a name', 'Ada Lovlace', ['Ada', 'Lovlace']],
    ['spaces around', '  Grace   Hopper ', ['Grace', 'Hopper']],
    ['apostrophes and inner hyphens', "O'Neil Jean-Luc", ["O'Neil", 'Jean-Luc']],
    ['letters of any script', 'Zoë Łukasz 李', ['Zoë', 'Łukasz', '李']],
    ['a quoted phrase is web-search syntax', '"Ada Lovelace"', []],
    ['an excluded word is web-search syntax', 'Ada -Byron', []],
    ['"or" is web-search syntax', 'Ada or Grace', []],
    ['an e-mail is no name', 'ada@example.com', []],
    ['more than eight words is no name', 'a b c d e f g h i', []],
  ])('%s', (_, search, expected) => {
    expect(typoWords(search)).toEqual(expected);
  });
});
