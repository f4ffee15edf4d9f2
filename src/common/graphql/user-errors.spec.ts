import { buildSchema, execute, GraphQLObjectType, parse } from 'graphql';
import { DomainError, InputValidationError } from '../errors/domain-error';
import { UserErrorCode } from '../errors/user-error-code';
import { mutationsAnswerUserErrors } from './user-errors';

const SDL = `
  type UserError { code: String, message: String, field: [String], existingId: ID }
  type Payload { id: ID, userErrors: [UserError!]! }
  type Query { requisition: Payload }
  type Mutation { openRequisition: Payload }
`;

// Services speak in domain paths; the mutation's argument is added by the transport.
const refusal = DomainError.of(UserErrorCode.INVALID_INPUT, 'Title is required.', ['title']);
const duplicate = DomainError.of(UserErrorCode.DUPLICATE_CANDIDATE, 'Taken.', ['email'], {
  type: 'Candidate',
  id: '8f0c9e1e-7a4f-4c3e-9b59-2c4b8a3f9d10',
});
// Input validation names the argument itself.
const invalid = new InputValidationError([
  { code: UserErrorCode.INVALID_INPUT, message: 'input.title must be shorter', field: ['input', 'title'] },
]);

/** The test schema whose Query and Mutation fields both answer with `outcome` (thrown when it is an error). */
function schemaAnswering(outcome: unknown) {
  const schema = buildSchema(SDL);
  const answer = () => (outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome));
  (schema.getType('Query') as GraphQLObjectType).getFields().requisition.resolve = answer;
  (schema.getType('Mutation') as GraphQLObjectType).getFields().openRequisition.resolve = answer;
  return mutationsAnswerUserErrors(schema);
}

const run = (outcome: unknown, operation: string) =>
  execute({ schema: schemaAnswering(outcome), document: parse(operation) });

describe('mutationsAnswerUserErrors', () => {
  const MUTATION = 'mutation { openRequisition { id userErrors { code message field existingId } } }';
  const QUERY = '{ requisition { id userErrors { code } } }';

  it.each([
    [
      'a refusal becomes the payload, other fields null',
      refusal,
      {
        data: {
          openRequisition: {
            id: null,
            userErrors: [
              {
                code: 'INVALID_INPUT',
                message: 'Title is required.',
                field: ['input', 'title'],
                existingId: null,
              },
            ],
          },
        },
      },
    ],
    [
      'a duplicate names the existing record by its global id',
      duplicate,
      {
        data: {
          openRequisition: {
            id: null,
            userErrors: [
              {
                code: 'DUPLICATE_CANDIDATE',
                message: 'Taken.',
                field: ['input', 'email'],
                existingId: Buffer.from('Candidate:8f0c9e1e-7a4f-4c3e-9b59-2c4b8a3f9d10').toString(
                  'base64url',
                ),
              },
            ],
          },
        },
      },
    ],
    [
      "input validation's paths already name the argument and are kept",
      invalid,
      {
        data: {
          openRequisition: {
            id: null,
            userErrors: [
              {
                code: 'INVALID_INPUT',
                message: 'input.title must be shorter',
                field: ['input', 'title'],
                existingId: null,
              },
            ],
          },
        },
      },
    ],
    [
      'a success passes through',
      { id: 'r1', userErrors: [] },
      { data: { openRequisition: { id: 'r1', userErrors: [] } } },
    ],
  ])('mutation: %s', async (_case, outcome, expected) => {
    expect(await run(outcome, MUTATION)).toEqual(expected);
  });

  it('any other error of a mutation stays an error', async () => {
    const result = await run(new Error('connection reset'), MUTATION);
    expect(result.data).toEqual({ openRequisition: null });
    expect(result.errors?.map((e) => e.message)).toEqual(['connection reset']);
  });

  it('a refusal in a query stays an error (queries answer with error codes)', async () => {
    const result = await run(refusal, QUERY);
    expect(result.data).toEqual({ requisition: null });
    expect(result.errors?.map((e) => e.originalError)).toEqual([refusal]);
  });
});
