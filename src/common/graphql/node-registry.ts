import { Injectable } from '@nestjs/common';
import { decodeGlobalId, NodeTypeName } from './global-id';
import { Node } from './node.interface';
import { GraphQLContext } from './request-context';

/**
 * Loads one object of a type by database id for `node(id)`, within the caller's reach: null when it does not exist
 * or the caller may not see it. It should batch (a DataLoader), so `nodes(ids)` costs one statement per type.
 */
export type NodeLoader = (id: string, context: GraphQLContext) => Promise<Node | null>;

/**
 * Every type that implements `Node` registers how to refetch it here, from its own module (at start-up), so that
 * `node(id)` knows every type without importing any feature. A test walks the schema's `Node` types against it.
 */
@Injectable()
export class NodeRegistry {
  private readonly loaders = new Map<NodeTypeName, NodeLoader>();

  register(type: NodeTypeName, load: NodeLoader): void {
    if (this.loaders.has(type)) throw new Error(`Node type ${type} is registered twice.`);
    this.loaders.set(type, load);
  }

  registeredTypes(): NodeTypeName[] {
    return [...this.loaders.keys()];
  }

  /** The object a global id names, or null: unknown, malformed or foreign ids name nothing. */
  async resolve(globalId: string, context: GraphQLContext): Promise<Node | null> {
    const decoded = decodeGlobalId(globalId);
    const load = decoded && this.loaders.get(decoded.type);
    return load ? load(decoded.id, context) : null;
  }
}
