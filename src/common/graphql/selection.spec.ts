import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { selectsPath } from './selection';

const schema = buildSchema(`
  type Skill { name: String }
  type Candidate { fullName: String, skills: [Skill] }
  type Application { id: ID, candidate: Candidate }
  type Edge { node: Application }
  type Connection { edges: [Edge], totalCount: Int }
  type Query { applications: Connection }
`);

/** The resolve info of `Query.applications` for `query`, as graphql-js hands it to a real resolver. */
async function infoFor(query: string): Promise<GraphQLResolveInfo> {
  let captured: GraphQLResolveInfo | undefined;
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      applications: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        captured = info;
        return null;
      },
    },
  });
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  if (!captured) throw new Error('the resolver did not run');
  return captured;
}

const CANDIDATE = ['edges', 'node', 'candidate'];
const SKILLS = [...CANDIDATE, 'skills'];

describe('selectsPath', () => {
  it.each([
    ['plain fields', '{ applications { edges { node { candidate { skills { name } } } } } }', true, true],
    [
      'candidate without skills',
      '{ applications { edges { node { candidate { fullName } } } } }',
      true,
      false,
    ],
    ['no cards at all', '{ applications { totalCount } }', false, false],
    ['ids only', '{ applications { edges { node { id } } } }', false, false],
    [
      'aliases do not hide the field',
      '{ applications { e: edges { n: node { who: candidate { s: skills { name } } } } } }',
      true,
      true,
    ],
    [
      'an alias named like the field is not the field',
      '{ applications { edges { node { candidate: id } } } }',
      false,
      false,
    ],
    [
      'inline fragments',
      '{ applications { edges { node { ... on Application { candidate { ... { skills { name } } } } } } } }',
      true,
      true,
    ],
    [
      'named fragments, nested',
      `{ applications { ...Cards } }
       fragment Cards on Connection { edges { node { ...Card } } }
       fragment Card on Application { candidate { fullName ...Skills } }
       fragment Skills on Candidate { skills { name } }`,
      true,
      true,
    ],
    [
      'the same field twice, one with more',
      '{ applications { edges { node { id } } edges { node { candidate { fullName } } } } }',
      true,
      false,
    ],
  ])('%s', async (_name, query, candidate, skills) => {
    const info = await infoFor(query);
    expect(selectsPath(info, CANDIDATE)).toBe(candidate);
    expect(selectsPath(info, SKILLS)).toBe(skills);
  });

  it('an empty path is always selected', async () => {
    expect(selectsPath(await infoFor('{ applications { totalCount } }'), [])).toBe(true);
  });
});
