import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { catchError, Observable, of, throwError } from 'rxjs';
import { DomainError } from '../errors/domain-error';

/**
 * The one place where business-rule failures of mutations become payloads: `{ userErrors: [...] }` with every
 * other payload field null. Services throw DomainError inside their transaction, which therefore rolls back.
 */
@Injectable()
export class UserErrorsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          error instanceof DomainError ? of({ userErrors: error.errors }) : throwError(() => error),
        ),
      );
  }
}
