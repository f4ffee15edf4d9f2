import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError, UserErrorDetail } from '../errors/domain-error';
import { UserErrorCode } from '../errors/user-error-code';

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

/** Paths of strings holding a NUL character: PostgreSQL can neither store nor compare them (the statement fails). */
function nulCharacterPaths(value: unknown, path: string[]): string[][] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterPaths(item, [...path, String(i)]));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) => nulCharacterPaths(item, [...path, key]));
  }
  return [];
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
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    // A whole REST body (`@Body()` without a name) must be a JSON object, whatever the DTO.
    const wholeBody = metadata.type === 'body' && !metadata.data && metatype && metatype !== Object;
    if (wholeBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw DomainError.invalid(['body'], 'The request body must be a JSON object.');
    }
    // Plain scalar arguments are ids here: resolvers decode them strictly and answer null / NOT_FOUND.
    if (!metatype || [String, Boolean, Number, Array, Object].includes(metatype as never) || value == null) {
      return value;
    }
    const nul = nulCharacterPaths(value, metadata.data ? [metadata.data] : []);
    if (nul.length > 0) {
      throw new DomainError(
        nul.map((field) => ({
          code: UserErrorCode.INVALID_INPUT,
          message: `${field.join('.')} must not contain NUL characters.`,
          field,
        })),
      );
    }
    return this.validated(value, metatype, metadata.data);
  }

  private async validated(value: unknown, metatype: new () => unknown, name?: string): Promise<unknown> {
    const instance = plainToInstance(metatype, value) as object;
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const root = name ? [name] : [];
      throw new DomainError(flatten(errors, root));
    }
    return instance;
  }
}
