import { createRequisition } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const show = (label: string, r: any) =>
    console.log(
      label,
      JSON.stringify(
        { status: r.status, headers: r.headers?.['content-type'], body: r.body ?? r.text },
        null,
        1,
      ).slice(0, 1500),
    );

  it('probes', async () => {
    const req = await createRequisition(t);
    show(
      'typeerr-inline',
      await t.gql(
        `mutation { createRequisition(input: { title: "x", level: MID, workplaceType: REMOTE, headcount: "three" }) { userErrors { code } } }`,
      ),
    );
    show(
      'typeerr-var',
      await t.gql(
        `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { userErrors { code } } }`,
        { input: { title: 'x', level: 'MID', workplaceType: 'REMOTE', headcount: 'three' } },
      ),
    );
    show(
      'unknown-var',
      await t.gql(
        `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { userErrors { code } } }`,
        { input: { title: 'x', level: 'MID', workplaceType: 'REMOTE', bogus: 1 } },
      ),
    );
    const before = t.statements.count;
    show('first1000', await t.gql(`{ requisitions(first: 1000) { edges { node { id } } } }`));
    show(
      'first1000var',
      await t.gql(`query($n: Int) { requisitions(first: $n) { edges { node { id } } } }`, { n: 1000 }),
    );
    show('firstlast', await t.gql(`{ requisitions(first: 1, last: 1) { edges { node { id } } } }`));
    show(
      'nested',
      await t.gql(`query($id: ID!) { requisition(id: $id) { applications(first: 500) { totalCount } } }`, {
        id: req.id,
      }),
    );
    console.log('statements', t.statements.count - before);
    show(
      'salary',
      await t.gql(
        `mutation { createRequisition(input: { title: "x", level: MID, workplaceType: REMOTE, salaryRange: { min: 5, max: 1, currency: "usd1" }, headcount: -1 }) { requisition { id } userErrors { code field message } } }`,
      ),
    );
    show(
      'title',
      await t.gql(
        `mutation { createRequisition(input: { title: "", level: MID, workplaceType: REMOTE }) { requisition { id } userErrors { code field message } } }`,
      ),
    );
    show(
      'big',
      await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: '{ __typename }', x: 'a'.repeat(1_100_000) })),
    );
    show('badjson', await t.http.post('/graphql').set('content-type', 'application/json').send('{"query": '));
    show('404', await t.http.get('/nope'));
    show('dup-app', await t.gql(`query { node(id: "") { id } }`));
  });
});
