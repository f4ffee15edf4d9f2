import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Like class-validator's IsNotEmpty, and also refuses text of only whitespace: the services trim names, titles and
 * reasons, so "   " would otherwise be stored as an empty string (or break a constraint that requires a value).
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' ? value.trim().length > 0 : value !== '' && value != null,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must not be blank`, options),
      },
    },
    options,
  );
}
