import { type AnyNode } from 'acorn';
import { SandboxViolation } from './errors.js';
import { MAX_STRING_LENGTH } from './guards.js';
import { type Code } from './compiler.js';
import { track } from './runtime.js';

type Compile = (node: AnyNode) => Code;
type Binary = (left: unknown, right: unknown) => unknown;

// The casts only satisfy the type checker: at run time these are JavaScript's own operators.
type N = number;
const BINARY: Record<string, Binary> = {
  '+': (a, b) => (a as N) + (b as N),
  '-': (a, b) => (a as N) - (b as N),
  '*': (a, b) => (a as N) * (b as N),
  '/': (a, b) => (a as N) / (b as N),
  '%': (a, b) => (a as N) % (b as N),
  '**': (a, b) => (a as N) ** (b as N),
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as N) < (b as N),
  '<=': (a, b) => (a as N) <= (b as N),
  '>': (a, b) => (a as N) > (b as N),
  '>=': (a, b) => (a as N) >= (b as N),
  '&': (a, b) => (a as N) & (b as N),
  '|': (a, b) => (a as N) | (b as N),
  '^': (a, b) => (a as N) ^ (b as N),
  '<<': (a, b) => (a as N) << (b as N),
  '>>': (a, b) => (a as N) >> (b as N),
  '>>>': (a, b) => (a as N) >>> (b as N),
};

const UNARY: Record<string, (value: unknown) => unknown> = {
  '!': (value) => !value,
  '-': (value) => -(value as N),
  '+': (value) => +(value as N),
  '~': (value) => ~(value as N),
  typeof: (value) => typeof value,
  void: () => undefined,
};

/** Compiles unary, binary and logical operators; `in`, `instanceof` and `delete` are refused. */
export function compileOperator(node: AnyNode, compile: Compile): Code {
  if (node.type === 'UnaryExpression') {
    const apply = UNARY[node.operator];
    if (!apply) throw new SandboxViolation(`operator "${node.operator}" is not allowed`);
    const argument = compile(node.argument);
    return (f, rt) => apply(argument(f, rt));
  }
  if (node.type === 'LogicalExpression') return compileLogical(node.operator, compile(node.left), compile(node.right));
  if (node.type !== 'BinaryExpression') throw new SandboxViolation(`${node.type} is not an operator`);
  const apply = BINARY[node.operator];
  if (!apply) throw new SandboxViolation(`operator "${node.operator}" is not allowed`);
  if (node.left.type === 'PrivateIdentifier') throw new SandboxViolation('private names are not allowed');
  const left = compile(node.left);
  const right = compile(node.right);
  if (node.operator !== '+') return (f, rt) => apply(left(f, rt), right(f, rt));
  return (f, rt) => {
    const result = apply(left(f, rt), right(f, rt));
    if (typeof result === 'string' && result.length > MAX_STRING_LENGTH) throw new SandboxViolation('string too long');
    return track(rt, result);
  };
}

function compileLogical(operator: string, left: Code, right: Code): Code {
  if (operator === '&&') return (f, rt) => left(f, rt) && right(f, rt);
  if (operator === '||') return (f, rt) => left(f, rt) || right(f, rt);
  return (f, rt) => left(f, rt) ?? right(f, rt);
}
