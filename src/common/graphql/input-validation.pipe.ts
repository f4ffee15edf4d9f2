import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { InputValidationError, UserErrorDetail } from '../errors/domain-error';
import { UserErrorCode } from '../errors/user-error-code';
import { findHostileInput } from '../validation/hostile-input';

function flatten(errors: ValidationError[], path: string[]): UserErrorDetail[] {
  return errors.flatMap((error) => {
    const field = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      code: UserErrorCode.INVALID_INPUT,
      message: message.replace(/^([\w.]+) /, `${field.join('.')} `),
      field,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates every DTO argument with class-validator. Failures become one DomainError listing every field at
 * fault: a mutation answers them as `userErrors`, a query as a top-level BAD_USER_INPUT error.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  // Not async: it runs for every parameter of every field resolver, and most need no work (no promise either).
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    // GraphQL arguments arrive as 'body' parameters; parents, context and info are not the caller's input.
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    // A whole REST body (`@Body()` without a name) must be a JSON object, whatever the DTO.
    const wholeBody = metadata.type === 'body' && !metadata.data && metatype && metatype !== Object;
    if (wholeBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new InputValidationError([
        {
          code: UserErrorCode.INVALID_INPUT,
          message: 'The request body must be a JSON object.',
          field: ['body'],
        },
      ]);
    }
    // Text PostgreSQL or JSON cannot hold, prototype keys and runaway nesting are refused before anything (the
    // transformer included) walks the value, for ids and scalars as much as for DTOs.
    const hostile = findHostileInput(value, metadata.data ? [metadata.data] : []);
    if (hostile.length > 0) {
      throw new InputValidationError(
        hostile.map(({ path, message }) => ({ code: UserErrorCode.INVALID_INPUT, message, field: path })),
      );
    }
    // Plain scalar arguments are ids here: resolvers decode them strictly and answer null / NOT_FOUND.
    if (!metatype || [String, Boolean, Number, Array, Object].includes(metatype as never) || value == null) {
      return value;
    }
    return this.validated(value, metatype, metadata.data);
  }

  private async validated(value: unknown, metatype: new () => unknown, name?: string): Promise<unknown> {
    const instance = plainToInstance(metatype, value) as object;
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const root = name ? [name] : [];
      throw new InputValidationError(flatten(errors, root));
    }
    return instance;
  }
}
