import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Whether the query selects `path` (field names, not aliases) below the field being resolved, through inline
 * fragments and named fragments alike. Lets a batched loader fetch, in the same statement, what the query will
 * ask for next (the board's cards with their candidates and skills) instead of one statement per level.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => selectionIncludes(node.selectionSet, path, info, new Set()));
}

function selectionIncludes(
  selectionSet: SelectionSetNode | undefined,
  path: readonly string[],
  info: GraphQLResolveInfo,
  visitedFragments: Set<string>,
): boolean {
  if (path.length === 0) return true;
  if (!selectionSet) return false;
  const [head, ...rest] = path;
  return selectionSet.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return (
          (selection satisfies FieldNode).name.value === head &&
          selectionIncludes(selection.selectionSet, rest, info, visitedFragments)
        );
      case Kind.INLINE_FRAGMENT:
        return selectionIncludes(selection.selectionSet, path, info, visitedFragments);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        // Validation already refuses fragment cycles; the guard keeps this function total regardless.
        if (visitedFragments.has(name)) return false;
        const fragment = info.fragments[name] as (typeof info.fragments)[string] | undefined;
        return fragment
          ? selectionIncludes(fragment.selectionSet, path, info, new Set([...visitedFragments, name]))
          : false;
      }
    }
  });
}
