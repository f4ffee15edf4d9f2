import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  /** Largest static cost: every field counts once per item of each list or page above it. */
  maxCost: number;
}

/** Lists without paging arguments (stages, skills, ids) are assumed to hold this many items. */
const LIST_WEIGHT = 5;

function reject(message: string, field?: string): never {
  throw new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, ...(field ? { field } : {}) },
  });
}

/**
 * What a selection set adds up to, at weight 1 and relative to its own level. Cost scales linearly with the weight
 * of the place a selection is used, so a fragment's summary is computed once and reused wherever it is spread: the
 * whole check is linear in the size of the document, however often fragments spread each other.
 */
export interface SelectionSummary {
  /** Static cost of the selection if it sat at weight 1. */
  cost: number;
  /** Aliases the selection contributes each time it is used. */
  aliases: number;
  /** How many selection sets deep it nests below its own (0: leaf fields only). */
  depth: number;
}

/**
 * Rejects abusive or malformed operations after validation and before any resolver runs (so no SQL is issued):
 * subscriptions (there are none), variables that do not coerce, nesting deeper than `maxDepth`, more than
 * `maxAliases` aliases, a static cost over `maxCost`, and connection page sizes over MAX_PAGE_SIZE or `first`
 * together with `last`, with variables substituted.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context: GraphQLRequestContext<object>) {
          const { operation, document, schema } = context;
          if (!operation || !document) return;
          checkOperation(schema, operation, document.definitions, context.request.variables, limits);
          return Promise.resolve();
        },
      };
    },
  };
}

/** The checks of queryLimitsPlugin, apart from Apollo so they can be tested (and timed) on their own. */
export function checkOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  definitions: readonly { kind: Kind }[],
  rawVariables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): SelectionSummary {
  if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
    reject(
      'Subscriptions are not supported: follow changes through outbound webhooks or the event feed (`events`).',
    );
  }
  const root = rootType(schema, operation);
  if (!root) reject(`This API has no ${operation.operation} operations.`);
  const variables = coercedVariables(schema, operation, rawVariables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments.set(fragment.name.value, fragment);
    }
  }
  const summary = new SelectionWalker(schema, fragments, variables).selectionSet(
    operation.selectionSet,
    root,
  );
  // The operation's own selection set is level 1.
  if (summary.depth + 1 > limits.maxDepth) {
    reject(`The query is nested deeper than ${limits.maxDepth} levels.`);
  }
  if (summary.aliases > limits.maxAliases) reject(`The query uses more than ${limits.maxAliases} aliases.`);
  if (summary.cost > limits.maxCost) {
    reject(
      `The query would cost ${summary.cost}, over the limit of ${limits.maxCost}; ask for smaller pages.`,
    );
  }
  return summary;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null {
  switch (operation.operation) {
    case OperationTypeNode.QUERY:
      return schema.getQueryType() ?? null;
    case OperationTypeNode.MUTATION:
      return schema.getMutationType() ?? null;
    case OperationTypeNode.SUBSCRIPTION:
      return schema.getSubscriptionType() ?? null;
  }
}

/**
 * The variables as execution would coerce them. A missing or null value for a non-null variable, or a value of the
 * wrong type, is the caller's mistake: answered here as BAD_USER_INPUT, before anything reads the arguments.
 */
function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {}, {
    maxErrors: 10,
  });
  if (result.errors) {
    throw new GraphQLError(result.errors.map((error) => error.message).join(' '), {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  return result.coerced;
}

class SelectionWalker {
  private readonly summaries = new Map<string, SelectionSummary>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  selectionSet(
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
  ): SelectionSummary {
    const total: SelectionSummary = { cost: 0, aliases: 0, depth: 0 };
    const add = (part: SelectionSummary) => {
      total.cost += part.cost;
      total.aliases += part.aliases;
      total.depth = Math.max(total.depth, part.depth);
    };
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          add(this.field(selection, parent));
          break;
        case Kind.INLINE_FRAGMENT: {
          const typeName = selection.typeCondition?.name.value;
          add(this.selectionSet(selection.selectionSet, typeName ? this.schema.getType(typeName) : parent));
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const fragment = this.fragment(selection.name.value);
          if (fragment) add(fragment);
          break;
        }
      }
    }
    return total;
  }

  /** A fragment's summary, computed once. Validation refuses cycles and unknown fragments; they count as nothing. */
  private fragment(name: string): SelectionSummary | null {
    const known = this.summaries.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    if (!definition || this.inProgress.has(name)) return null;
    this.inProgress.add(name);
    const summary = this.selectionSet(
      definition.selectionSet,
      this.schema.getType(definition.typeCondition.name.value),
    );
    this.inProgress.delete(name);
    this.summaries.set(name, summary);
    return summary;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | null | undefined): SelectionSummary {
    const own: SelectionSummary = { cost: 1, aliases: node.alias ? 1 : 0, depth: 0 };
    const definition =
      isObjectType(parent) || isInterfaceType(parent)
        ? (parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined)
        : undefined;
    if (!node.selectionSet) return own;
    const childWeight = definition ? this.childWeight(node, definition, parent as GraphQLObjectType) : 1;
    const children = this.selectionSet(
      node.selectionSet,
      definition ? getNamedType(definition.type) : undefined,
    );
    return {
      cost: own.cost + children.cost * childWeight,
      aliases: own.aliases + children.aliases,
      depth: children.depth + 1,
    };
  }

  /** How many times the field's selection runs per time the field runs: its page size, or a list's assumed size. */
  private childWeight(
    node: FieldNode,
    definition: GraphQLField<unknown, unknown>,
    parent: GraphQLObjectType,
  ): number {
    const args = getArgumentValues(definition, node, this.variables);
    const name = node.alias?.value ?? node.name.value;
    for (const key of ['first', 'last'] as const) {
      const value = args[key];
      if (typeof value === 'number' && (value < 0 || value > MAX_PAGE_SIZE)) {
        reject(`"${key}" on "${name}" must be between 0 and ${MAX_PAGE_SIZE}; got ${value}.`, key);
      }
    }
    if (args.first != null && args.last != null) {
      reject(`Pass either "first" or "last" on "${name}", not both.`, 'last');
    }
    const named = getNamedType(definition.type);
    if (named.name.endsWith('Connection')) {
      const size =
        [args.first, args.last].find((v): v is number => typeof v === 'number') ?? DEFAULT_PAGE_SIZE;
      return Math.max(size, 1);
    }
    // A connection's edges are the page its `first`/`last` already counted: weighting them again would multiply
    // every paged field by LIST_WEIGHT once more.
    if (isListType(getNullableType(definition.type))) {
      const isPage = parent.name.endsWith('Connection') && node.name.value === 'edges';
      return isPage ? 1 : LIST_WEIGHT;
    }
    return 1;
  }
}
