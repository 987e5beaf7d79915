import { IsString } from 'class-validator';
import { IsOmittable, createValidationPipe, unstorableTextField } from './validation.js';

class NameDto {
  @IsOmittable()
  @IsString()
  name?: string;
}

const pipe = createValidationPipe();

describe('request validation', () => {
  it('names the first string PostgreSQL cannot store: a NUL or an unpaired surrogate, in a value or a key', () => {
    expect(unstorableTextField({ name: 'Ada', tags: ['x', 'y'], nested: { deep: [{ ok: 1 }] } })).toBeUndefined();
    expect(unstorableTextField({ name: 'a\u0000b' })).toBe('name');
    expect(unstorableTextField({ nodes: [{ id: 'a' }, { properties: { url: '\ud800' } }] })).toBe('nodes[1].properties.url');
    expect(unstorableTextField({ data: { 'k\u0000': 1 } })).toBe('data.k\u0000');
    expect(unstorableTextField('\udc00x')).toBe('');
    expect(unstorableTextField({ emoji: '😀', paired: '\ud83d\ude00' })).toBeUndefined();
  });

  it('refuses unstorable text in a body or a query with a 400 naming the field, whatever the DTO', async () => {
    await expect(pipe.transform({ input: { a: '\u0000' } }, { type: 'body', metatype: Object })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'input.a' }],
    });
    const query = Object.assign(Object.create({}) as Record<string, string>, { q: 'a\u0000' }); // Fastify's query objects have a prototype of their own
    await expect(pipe.transform(query, { type: 'query', metatype: Object })).rejects.toMatchObject({ status: 400, errors: [{ field: 'q' }] });
    await expect(pipe.transform({ name: 'Ada' }, { type: 'body', metatype: NameDto })).resolves.toEqual({ name: 'Ada' });
  });

  it('takes a field left out, and checks one sent as null (IsOmittable)', async () => {
    await expect(pipe.transform({}, { type: 'body', metatype: NameDto })).resolves.toBeInstanceOf(NameDto);
    await expect(pipe.transform({ name: null }, { type: 'body', metatype: NameDto })).rejects.toMatchObject({ status: 400 });
  });
});
