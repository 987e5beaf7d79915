import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { type FieldError } from '@weft/kernel';
import { InvalidRequestError } from './problem-details.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// A NUL, or half of a surrogate pair (a lone `\ud800` escape is valid JSON but not Unicode).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Parsed JSON and query objects (Fastify's have a prototype of their own); not a raw body's bytes.
const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);

/**
 * The field (`nodes[2].properties.url`, `""` for the value itself) of the first string,
 * value or key, in `value` that PostgreSQL cannot store as text or jsonb: one with a NUL
 * or an unpaired surrogate. `undefined` when there is none. Walks with a stack of its
 * own, so any depth the body parser let through is fine.
 */
export function unstorableTextField(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, field] = next;
    if (typeof item === 'string' && UNSTORABLE.test(item)) return field;
    if (!isContainer(item)) continue;
    for (const [key, child] of Object.entries(item)) {
      const childField = Array.isArray(item) ? `${field}[${key}]` : field === '' ? key : `${field}.${key}`;
      if (UNSTORABLE.test(key)) return childField;
      stack.push([child, childField]);
    }
  }
  return undefined;
}

/**
 * Class-validator's pipe, after a check of the whole body and query: text PostgreSQL
 * cannot store (a NUL, an unpaired surrogate) is a 400 naming the field, not a failed
 * append or query (a 500), whatever the DTO declares (free-form objects included).
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const field = unstorableTextField(value);
      if (field !== undefined)
        throw new InvalidRequestError([{ field: field === '' ? metadata.type : field, message: 'must not contain NUL characters or unpaired surrogates' }]);
    }
    return super.transform(value, metadata);
  }
}

/** Rejects unknown fields and unstorable text, and reports every problem with the field it belongs to. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidRequestError(flatten(errors)),
  });
}

/**
 * A field that may be left out but is not nullable. class-validator's `IsOptional` skips
 * a field's checks for null as well as for a missing value, so `{"name": null}` passed
 * validation and reached the domain, which failed on it (a 500). With this, null is
 * checked like any other value (400 "name must be a string"). Fields where null means
 * something (clear the description) keep `IsOptional`.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
