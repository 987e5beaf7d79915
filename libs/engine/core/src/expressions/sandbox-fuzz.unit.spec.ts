import fc from 'fast-check';
import { evaluateTemplate } from './evaluate.js';
import { ExpressionError } from './errors.js';
import { ItemExpressionData } from './sources.js';

const data = new ItemExpressionData({
  items: [{ json: { a: 1, s: 'text', list: [1, 2], nested: { k: 'v' } } }],
  itemIndex: 0,
  nodeOutput: () => [{ json: { x: 1 } }],
  executedNodeNames: () => ['Prev'],
  now: 0,
  execution: { id: 'e', mode: 'manual' },
  workflow: { id: 'w', name: 'w' },
  vars: {},
});

const fragments = [
  'con',
  'struc',
  'tor',
  'constructor',
  '__',
  'proto',
  '__proto__',
  'prototype',
  'call',
  'apply',
  'bind',
  'valueOf',
  'toString',
  'map',
  'length',
  '0',
  'getPrototypeOf',
  'process',
  'global',
];
const roots = [
  '$json',
  '$json.s',
  '$json.list',
  '$json.nested',
  '$input',
  '$input.all',
  '$',
  'Math',
  'Object',
  'JSON',
  'Array',
  '(x => x)',
  '""',
  '[]',
  '({})',
  '$now',
  '/x/',
  'Date',
  'DateTime',
];

/** A key built the ways attackers build keys: literal, concatenation, template literal. */
const keyExpression = fc
  .tuple(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 3 }), fc.constantFrom('literal', 'concat', 'template'))
  .map(([parts, style]) => {
    if (style === 'literal') return JSON.stringify(parts.join(''));
    if (style === 'concat') return parts.map((part) => JSON.stringify(part)).join(' + ');
    return `\`${parts.map((part) => `\${${JSON.stringify(part)}}`).join('')}\``;
  });

const expression = fc
  .tuple(fc.constantFrom(...roots), fc.array(fc.tuple(keyExpression, fc.boolean()), { minLength: 1, maxLength: 3 }))
  .map(([root, steps]) => `{{ ${root}${steps.map(([key, call]) => `[${key}]${call ? '("return process")' : ''}`).join('')} }}`);

const isSafeValue = (value: unknown): boolean => {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isSafeValue);
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.values(value).every(isSafeValue);
  }
  return false;
};

describe('expression sandbox fuzzing', () => {
  it('never hands out a function, a host object or a prototype, however the key is built', () => {
    fc.assert(
      fc.property(expression, (source) => {
        try {
          const value = evaluateTemplate(source, data, { timeoutMs: 100, maxSteps: 100_000 });
          expect(isSafeValue(value)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
