import { Field, ID, InterfaceType } from '@nestjs/graphql';

@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque id that `node(id:)` can refetch.',
  // Models are class instances, so the class itself names the concrete type.
  resolveType: (value: object) => value.constructor,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
