import { Global, Module } from '@nestjs/common';
import { NodeRegistry } from './node-registry';
import { NodeResolver } from './node.resolver';

/** `node(id)` and `nodes(ids)`; the types are registered by the modules that own them. */
@Global()
@Module({ providers: [NodeRegistry, NodeResolver], exports: [NodeRegistry] })
export class NodeModule {}
