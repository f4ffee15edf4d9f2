import { buildSchema, execute, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { answerPrefetchedFirst, withPrefetched } from './prefetched';

const SDL = `
  type Candidate { fullName: String, skills: [String] }
  type Application { id: ID, candidate: Candidate, notes(first: Int): [String] }
  type Query { applications: [Application] }
`;

interface Resolved {
  schema: GraphQLSchema;
  /** How often the resolvers of Application.candidate and Candidate.skills ran. */
  calls: { candidate: number; skills: number };
}

/** The test schema with asynchronous resolvers (as NestJS's always are) on the two prefetchable fields. */
function schemaWith(coordinates: string[]): Resolved {
  const schema = buildSchema(SDL);
  const calls = { candidate: 0, skills: 0 };
  const application = schema.getType('Application') as GraphQLObjectType;
  application.getFields().candidate.resolve = (source: { candidateName: string }) => {
    calls.candidate += 1;
    return Promise.resolve({ fullName: source.candidateName });
  };
  const candidate = schema.getType('Candidate') as GraphQLObjectType;
  candidate.getFields().skills.resolve = () => {
    calls.skills += 1;
    return Promise.resolve(['from the resolver']);
  };
  return { schema: answerPrefetchedFirst(coordinates)(schema), calls };
}

const QUERY = parse('{ applications { id candidate { fullName skills } } }');

describe('answerPrefetchedFirst', () => {
  it.each([
    {
      case: 'prefetched candidate and skills',
      application: withPrefetched(
        { id: 'a', candidateName: 'unused' },
        { candidate: withPrefetched({ fullName: 'Ada' }, { skills: ['PyTorch'] }) },
      ),
      expected: { id: 'a', candidate: { fullName: 'Ada', skills: ['PyTorch'] } },
      calls: { candidate: 0, skills: 0 },
      synchronous: true,
    },
    {
      case: 'prefetched candidate without its skills',
      application: withPrefetched({ id: 'b', candidateName: 'unused' }, { candidate: { fullName: 'Grace' } }),
      expected: { id: 'b', candidate: { fullName: 'Grace', skills: ['from the resolver'] } },
      calls: { candidate: 0, skills: 1 },
      synchronous: false,
    },
    {
      case: 'a prefetched null is an answer',
      application: withPrefetched({ id: 'c', candidateName: 'unused' }, { candidate: null }),
      expected: { id: 'c', candidate: null },
      calls: { candidate: 0, skills: 0 },
      synchronous: true,
    },
    {
      case: 'nothing prefetched',
      application: { id: 'd', candidateName: 'Alan' },
      expected: { id: 'd', candidate: { fullName: 'Alan', skills: ['from the resolver'] } },
      calls: { candidate: 1, skills: 1 },
      synchronous: false,
    },
    {
      case: 'another field prefetched',
      application: withPrefetched({ id: 'e', candidateName: 'Edsger' }, { notes: ['not this one'] }),
      expected: { id: 'e', candidate: { fullName: 'Edsger', skills: ['from the resolver'] } },
      calls: { candidate: 1, skills: 1 },
      synchronous: false,
    },
  ])('$case', async ({ application, expected, calls, synchronous }) => {
    const resolved = schemaWith(['Application.candidate', 'Candidate.skills']);
    const result = execute({
      schema: resolved.schema,
      document: QUERY,
      rootValue: { applications: [application] },
    });
    // graphql-js hands back a plain result exactly when no resolver answered with a promise.
    expect(result instanceof Promise).toBe(!synchronous);
    expect(await result).toEqual({ data: { applications: [expected] } });
    expect(resolved.calls).toEqual(calls);
  });

  it('leaves fields it was not given to their resolvers, prefetched or not', async () => {
    const resolved = schemaWith(['Candidate.skills']);
    const application = withPrefetched({ id: 'f', candidateName: 'Barbara' }, { candidate: null });
    const result = await execute({
      schema: resolved.schema,
      document: QUERY,
      rootValue: { applications: [application] },
    });
    expect(result).toEqual({
      data: {
        applications: [{ id: 'f', candidate: { fullName: 'Barbara', skills: ['from the resolver'] } }],
      },
    });
    expect(resolved.calls).toEqual({ candidate: 1, skills: 1 });
  });

  it('answers a field without a resolver of its own from the parent when nothing is prefetched', async () => {
    const resolved = schemaWith(['Candidate.fullName']);
    const prefetched = withPrefetched({ id: 'g', candidateName: 'Ken' }, {});
    const result = await execute({
      schema: resolved.schema,
      document: parse('{ applications { candidate { fullName } } }'),
      rootValue: { applications: [prefetched] },
    });
    expect(result).toEqual({ data: { applications: [{ candidate: { fullName: 'Ken' } }] } });
  });

  it.each([
    ['an unknown type', 'Interview.candidate'],
    ['an unknown field', 'Application.resume'],
    ['a field with arguments', 'Application.notes'],
    ['a type that is not an object type', 'String.length'],
    ['no field at all', 'Application'],
  ])('refuses %s when the schema is built', (_case, coordinate) => {
    expect(() => schemaWith([coordinate])).toThrow(`${coordinate} is not a field without arguments`);
  });
});
