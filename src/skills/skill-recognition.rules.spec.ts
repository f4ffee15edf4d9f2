import {
  EVIDENCE_LENGTH,
  evidenceLine,
  recognizeSkills,
  recognizeSkillsWithEvidence,
  TaxonomySkill,
} from './skill-recognition.rules';

// A slice of the seeded taxonomy (migrations/1795617000000-SeedSkillTaxonomy.ts), as SkillsService loads it.
const TAXONOMY: TaxonomySkill[] = (
  [
    ['Python', ['python3', 'py']],
    ['C++', ['cpp', 'c plus plus']],
    ['R', ['r language', 'rstats']],
    ['Go', ['golang']],
    ['PyTorch', ['torch', 'py torch']],
    ['TensorFlow', ['tensorflow2', 'tf']],
    ['Transformers', ['hugging face', 'huggingface']],
    ['Kubernetes', ['k8s']],
    ['CI/CD', ['cicd', 'continuous integration', 'continuous delivery']],
    ['Computer vision', ['cv']],
    ['scikit-learn', ['sklearn', 'scikit learn']],
    ['Clustering', ['k-means', 'kmeans']],
    ['GCP', ['google cloud', 'google cloud platform', 'vertex ai']],
    ['Gradient boosting', ['gbm', 'gradient boosted trees', 'xgboost', 'lightgbm']],
  ] as [string, string[]][]
).map(([name, aliases]) => ({ id: `id-${name}`, name, normalizedName: name.toLowerCase(), aliases }));

describe('recognizeSkills', () => {
  it.each<[string, string, string[]]>([
    ['a canonical name', 'I use PyTorch daily', ['PyTorch']],
    ['an alias', 'trained models in torch', ['PyTorch']],
    ['an alias with a digit', 'deployed on K8s', ['Kubernetes']],
    ['any case', 'KUBERNETES and pytorch', ['Kubernetes', 'PyTorch']],
    [
      'names in order of first mention, once each',
      'k8s, torch, Kubernetes, PyTorch',
      ['Kubernetes', 'PyTorch'],
    ],
    ['a multi-word alias across spacing', 'fine-tuned on Hugging\n  Face', ['Transformers']],
    ['punctuation around a word', '(PyTorch), "k8s".', ['PyTorch', 'Kubernetes']],
    ['a name with symbols', 'C++ and CI/CD', ['C++', 'CI/CD']],
    ['a hyphenated name', 'scikit-learn, k-means', ['scikit-learn', 'Clustering']],
    ['not r inside transformer', 'a transformer model', []],
    ['not torch inside torches', 'the torches were lit', []],
    ['not k8s inside k8ssandra', 'used k8ssandra', []],
    ['not go inside google', 'worked at google', []],
    ['not a lower-case one-letter word', 'r is a letter', []],
    ['R written as its name', 'statistics in R and Python', ['R', 'Python']],
    ['R as an alias', 'rstats and r language', ['R']],
    ['not go as a verb', 'happy to go anywhere', []],
    ['Go written as its name', 'services in Go', ['Go']],
    ['golang', 'golang microservices', ['Go']],
    ['a short alias in capitals', 'TF and CV', ['TensorFlow', 'Computer vision']],
    ['not a short alias in lower case', 'tf cv', []],
    ['the longest spelling wins', 'py torch', ['PyTorch']],
    ['the longer alias over the shorter name', 'google cloud platform', ['GCP']],
    ['not C++ from cpp inside a word', 'cppcheck', []],
    ['no text', '', []],
    ['non-ASCII around a name', 'élève PyTorch—JAX', ['PyTorch']],
  ])('%s', (_case, text, expected) => {
    expect(recognizeSkills([text], TAXONOMY).map((s) => s.name)).toEqual(expected);
  });

  it('reads several texts', () => {
    expect(recognizeSkills(['xgboost', 'sklearn'], TAXONOMY).map((s) => s.name)).toEqual([
      'Gradient boosting',
      'scikit-learn',
    ]);
  });
});

describe('recognizeSkillsWithEvidence', () => {
  it.each<[string, string, [string, string][]]>([
    [
      'each skill with the line of its first mention',
      'Ada Lovelace\nML engineer: PyTorch, K8s\n\nLater: more torch',
      [
        ['PyTorch', 'ML engineer: PyTorch, K8s'],
        ['Kubernetes', 'ML engineer: PyTorch, K8s'],
      ],
    ],
    ['whitespace collapsed', '  Built   CI/CD\tpipelines  ', [['CI/CD', 'Built CI/CD pipelines']]],
    [
      'a PDF page break is a line break',
      'Python\n\f\nGo services',
      [
        ['Python', 'Python'],
        ['Go', 'Go services'],
      ],
    ],
    ['no skills, no evidence', 'Gardening and poetry', []],
  ])('%s', (_, text, expected) => {
    expect(recognizeSkillsWithEvidence(text, TAXONOMY).map((r) => [r.skill.name, r.evidence])).toEqual(
      expected,
    );
  });

  it('keeps a window of a long line around the mention', () => {
    const text = `${'a '.repeat(400)}PyTorch${' b'.repeat(400)}`;
    const [found] = recognizeSkillsWithEvidence(text, TAXONOMY);
    expect(found.evidence.length).toBeLessThanOrEqual(EVIDENCE_LENGTH);
    expect(found.evidence).toContain('PyTorch');
  });

  it.each<[string, number, number, string]>([
    ['first line', 0, 3, 'abc'],
    ['middle line', 4, 7, 'def'],
    ['last line without newline', 8, 11, 'ghi'],
  ])('evidenceLine: %s', (_, start, end, expected) => {
    expect(evidenceLine('abc\ndef\nghi', start, end)).toBe(expected);
  });
});
