import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
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
import { getArgumentValues } from 'graphql/execution/values';
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
 * Rejects abusive or malformed operations after validation and before any resolver runs (so no SQL is
 * issued): nesting deeper than `maxDepth`, more than `maxAliases` aliases, a static cost over `maxCost`, and
 * connection page sizes over MAX_PAGE_SIZE or `first` together with `last` — with variables substituted.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context: GraphQLRequestContext<object>) {
          const { operation, document, schema } = context;
          if (!operation || !document) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION)
              fragments.set(definition.name.value, definition);
          }
          const variables = context.request.variables ?? {};
          const state = { aliases: 0, cost: 0 };
          walk(schema, operation, fragments, variables, limits, state);
          if (state.cost > limits.maxCost) {
            reject(
              `The query would cost ${state.cost}, over the limit of ${limits.maxCost}; ask for smaller pages.`,
            );
          }
          return Promise.resolve();
        },
      };
    },
  };
}

function rootType(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLObjectType | null | undefined {
  switch (operation.operation) {
    case OperationTypeNode.QUERY:
      return schema.getQueryType();
    case OperationTypeNode.MUTATION:
      return schema.getMutationType();
    case OperationTypeNode.SUBSCRIPTION:
      return schema.getSubscriptionType();
  }
}

function walk(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: QueryLimits,
  state: { aliases: number; cost: number },
): void {
  const visit = (
    selectionSet: SelectionSetNode,
    parent: unknown,
    depth: number,
    seen: Set<string>,
    weight: number,
  ): void => {
    if (depth > limits.maxDepth) reject(`The query is nested deeper than ${limits.maxDepth} levels.`);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        visitField(selection, parent, depth, seen, weight);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        visit(selection.selectionSet, type, depth, seen, weight);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        visit(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value),
          depth,
          new Set([...seen, name]),
          weight,
        );
      }
    }
  };

  const visitField = (
    node: FieldNode,
    parent: unknown,
    depth: number,
    seen: Set<string>,
    weight: number,
  ): void => {
    state.cost += weight;
    let childWeight = weight;
    if (node.alias) {
      state.aliases += 1;
      if (state.aliases > limits.maxAliases) reject(`The query uses more than ${limits.maxAliases} aliases.`);
    }
    const definition =
      isObjectType(parent) || isInterfaceType(parent)
        ? (parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined)
        : undefined;
    if (definition) {
      const args = getArgumentValues(definition, node, variables);
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
        childWeight = weight * Math.max(size, 1);
      } else if (isListType(getNullableType(definition.type))) {
        // A connection's edges are the page its `first`/`last` already counted: weighting them again would
        // multiply every paged field by LIST_WEIGHT once more.
        const isPage =
          (parent as GraphQLObjectType).name.endsWith('Connection') && node.name.value === 'edges';
        if (!isPage) childWeight = weight * LIST_WEIGHT;
      }
    }
    if (node.selectionSet) {
      visit(
        node.selectionSet,
        definition ? getNamedType(definition.type) : undefined,
        depth + 1,
        seen,
        childWeight,
      );
    }
  };

  const root = rootType(schema, operation);
  visit(operation.selectionSet, root, 1, new Set(), 1);
}
