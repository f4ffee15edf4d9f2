import { displaySkillName, normalizeSkillName } from './skill.rules';

describe('normalizeSkillName', () => {
  it.each([
    ['PyTorch', 'pytorch'],
    ['  torch ', 'torch'],
    ['Support   Vector\tMachines', 'support vector machines'],
    ['C++', 'c++'],
    ['CI/CD', 'ci/cd'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeSkillName(input)).toBe(expected);
  });
});

describe('displaySkillName', () => {
  it.each([
    ['  LightGBM  ', 'LightGBM'],
    ['Ray   Tune', 'Ray Tune'],
  ])('%j -> %j', (input, expected) => {
    expect(displaySkillName(input)).toBe(expected);
  });
});
