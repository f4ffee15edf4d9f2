import { Args, ArgsType, Context, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize } from 'class-validator';
import { NodeRegistry } from './node-registry';
import { Node } from './node.interface';
import { GraphQLContext } from './request-context';

@ArgsType()
class NodesArgs {
  @Field(() => [ID])
  @ArrayMaxSize(100)
  ids!: string[];
}

/** Refetches any object by its global id; unknown, malformed or foreign ids answer null. */
@Resolver(() => Node)
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  @Query(() => Node, { nullable: true })
  node(@Args('id', { type: () => ID }) id: string, @Context() context: GraphQLContext): Promise<Node | null> {
    return this.registry.resolve(id, context);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Up to 100 ids; null in place of any that name nothing.',
  })
  nodes(@Args() args: NodesArgs, @Context() context: GraphQLContext): Promise<(Node | null)[]> {
    return Promise.all(args.ids.map((id) => this.registry.resolve(id, context)));
  }
}
