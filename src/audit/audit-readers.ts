import { Injectable } from '@nestjs/common';
import { GraphQLContext } from '../common/graphql/request-context';

/** Whether the caller of a GraphQL request may read the audit log. */
export type AuditReaderCheck = (context: GraphQLContext) => boolean;

/**
 * Who may read the audit log where no guard stands in front (`node(id)`). Roles and scopes are identity's, and
 * identity sits above audit, so identity registers the check at start-up; until it has, nobody may.
 */
@Injectable()
export class AuditReaders {
  private check: AuditReaderCheck = () => false;

  register(check: AuditReaderCheck): void {
    this.check = check;
  }

  mayRead(context: GraphQLContext): boolean {
    return this.check(context);
  }
}
