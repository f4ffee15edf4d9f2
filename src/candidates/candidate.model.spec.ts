import { ProfileLinkKind } from './candidate.enums';
import { CandidateEntity } from './candidate.entity';
import { CandidateModel } from './candidate.model';

/** A row that counts how often its education, certifications and links are read. */
function countingRow() {
  const reads = { education: 0, certifications: 0, links: 0 };
  const values = {
    education: [{ institution: 'ETH Zürich', degree: 'MSc' }],
    certifications: [{ name: 'Cloud ML Engineer', issuedOn: '2024-05-01' }],
    links: [{ kind: ProfileLinkKind.GITHUB, url: 'https://github.com/ada' }],
  };
  const row = {
    id: '6f1c1f5e-4b7a-4a53-9a43-1d1f0b7b1c11',
    fullName: 'Ada Lovelace',
    email: 'ada@example.test',
    phone: null,
    location: null,
    headline: null,
    yearsOfExperience: 4,
    tags: [],
    consentGivenAt: null,
    retainUntil: null,
    doNotContact: false,
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  } as unknown as CandidateEntity;
  for (const key of Object.keys(values) as (keyof typeof values)[]) {
    Object.defineProperty(row, key, {
      get: () => {
        reads[key] += 1;
        return values[key];
      },
    });
  }
  return { row, reads };
}

describe('CandidateModel', () => {
  it('builds education, certifications and links only when they are read, once each', () => {
    const { row, reads } = countingRow();
    const model = CandidateModel.from(row);
    expect(model.fullName).toBe('Ada Lovelace');
    expect(reads).toEqual({ education: 0, certifications: 0, links: 0 });

    expect(model.education).toEqual([
      { institution: 'ETH Zürich', degree: 'MSc', fieldOfStudy: null, graduationYear: null },
    ]);
    expect(model.certifications).toEqual([
      { name: 'Cloud ML Engineer', issuer: null, issuedOn: '2024-05-01', url: null },
    ]);
    expect(model.links).toEqual([{ kind: ProfileLinkKind.GITHUB, url: 'https://github.com/ada' }]);
    // Read again: the same objects, not rebuilt.
    expect(model.education).toBe(model.education);
    expect(model.links).toBe(model.links);
    expect(reads).toEqual({ education: 1, certifications: 1, links: 1 });
  });

  it('each model builds its own (models of one row do not share their lists)', () => {
    const { row } = countingRow();
    const [a, b] = [CandidateModel.from(row), CandidateModel.from(row)];
    expect(a.education).toEqual(b.education);
    expect(a.education).not.toBe(b.education);
  });
});
