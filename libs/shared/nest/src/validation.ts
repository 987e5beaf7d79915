import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError } from '@weft/kernel';
import { InvalidRequestError } from './problem-details.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Rejects unknown fields and reports every problem with the field it belongs to. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidRequestError(flatten(errors)),
  });
}
