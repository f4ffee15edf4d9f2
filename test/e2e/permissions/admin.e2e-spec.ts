import { runMutationRows, runQueryRows, setUpMatrix } from './harness';
import { COVERED_ELSEWHERE } from './matrix';
import { ADMIN_MUTATIONS, ADMIN_QUERIES } from './rows/admin';
import { ALL_MUTATION_ROWS, ALL_QUERY_ROWS } from './rows';
import { MutationKit, mutationKit } from './world';

/*
 * Who is calling, the skill taxonomy, users, API keys and the audit log, for every principal of the matrix
 * (matrix.ts, from the README's roles table); and that every operation of the schema has rows.
 */
describe('permissions: viewer, skills, users, API keys, audit log', () => {
  const m = setUpMatrix();
  let kit: MutationKit;
  beforeAll(() => {
    kit = mutationKit(m);
  });

  it('every query and mutation of the schema has rows in the matrix, or its own tests elsewhere', async () => {
    const response = await m.t.gql<{
      __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
    }>('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    const elsewhere = Object.values(COVERED_ELSEWHERE).flat();
    const inSchema = (fields: { name: string }[]) =>
      fields
        .map((f) => f.name)
        .filter((name) => !elsewhere.includes(name))
        .sort();
    const named = (names: string[]) => [...new Set(names)].sort();
    expect(named(ALL_QUERY_ROWS.flatMap((row) => row.fields))).toEqual(
      inSchema(response.data.__schema.queryType.fields),
    );
    expect(named(ALL_MUTATION_ROWS.map((row) => row.mutation))).toEqual(
      inSchema(response.data.__schema.mutationType.fields),
    );
  });

  describe('queries', () => {
    runQueryRows(m, () => m, ADMIN_QUERIES);
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, ADMIN_MUTATIONS);
  });
});
