import { type AnyNode, type Expression, parseExpressionAt } from 'acorn';
import { ROOT_NAMES, type ExpressionData } from './data.js';
import { SandboxViolation } from './errors.js';
import { CONSTRUCTIBLE, GLOBALS } from './globals.js';
import { callMember, isCallable, markCallable, MAX_STRING_LENGTH, readMember, toKey } from './guards.js';
import { type Frame, type Runtime, track } from './runtime.js';
import { compileOperator } from './operators.js';

/** A compiled expression: runs against one frame of arrow variables and the evaluation's runtime. */
export type Code = (frame: Frame | undefined, rt: Runtime) => unknown;

/** Marks an optional chain that has short-circuited (`a?.b` with `a` nullish). */
export const SHORT = Symbol('short-circuit');

/** Names in scope at compile time, innermost arrow first. */
type Scope = readonly (readonly string[])[];

/** Parses one JavaScript expression and compiles it to closures; rejects everything outside the subset. */
export function compileExpression(source: string): Code {
  const ast = parseExpressionAt(source, 0, { ecmaVersion: 2023, sourceType: 'script', preserveParens: true });
  const rest = source.slice(ast.end).trim();
  if (rest !== '' && rest !== ';') throw new SandboxViolation(`unexpected "${rest.slice(0, 20)}" after the expression`);
  return compile(ast, []);
}

function compile(node: AnyNode, scope: Scope): Code {
  switch (node.type) {
    case 'Literal':
      return compileLiteral(node);
    case 'Identifier':
      return compileIdentifier(node.name, scope);
    case 'TemplateLiteral':
      return compileTemplateLiteral(node, scope);
    case 'ArrayExpression':
      return compileArray(node, scope);
    case 'ObjectExpression':
      return compileObject(node, scope);
    case 'MemberExpression':
      return compileMember(node, scope);
    case 'ParenthesizedExpression':
      return compile(node.expression, scope);
    case 'ChainExpression': {
      const inner = compile(node.expression, scope);
      return (f, rt) => {
        const value = inner(f, rt);
        return value === SHORT ? undefined : value;
      };
    }
    case 'CallExpression':
      return compileCall(node, scope);
    case 'NewExpression':
      return compileNew(node, scope);
    case 'ArrowFunctionExpression':
      return compileArrow(node, scope);
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'LogicalExpression':
      return compileOperator(node, (child) => compile(child, scope));
    case 'ConditionalExpression': {
      const [test, yes, no] = [compile(node.test, scope), compile(node.consequent, scope), compile(node.alternate, scope)];
      return (f, rt) => (test(f, rt) ? yes(f, rt) : no(f, rt));
    }
    case 'SequenceExpression': {
      const parts = node.expressions.map((part) => compile(part, scope));
      return (f, rt) => parts.reduce<unknown>((_, part) => part(f, rt), undefined);
    }
    default:
      throw new SandboxViolation(`${describeNode(node)} is not allowed in expressions`);
  }
}

function describeNode(node: AnyNode): string {
  const names: Record<string, string> = {
    ThisExpression: '"this"',
    FunctionExpression: 'a function expression',
    ImportExpression: 'import()',
    AssignmentExpression: 'assignment',
    UpdateExpression: 'assignment',
    TaggedTemplateExpression: 'a tagged template',
    AwaitExpression: 'await',
    ClassExpression: 'a class',
    MetaProperty: 'import.meta / new.target',
  };
  return names[node.type] ?? node.type;
}

function compileLiteral(node: Extract<AnyNode, { type: 'Literal' }>): Code {
  if (node.regex) {
    const { pattern, flags } = node.regex;
    return () => new RegExp(pattern, flags);
  }
  if (typeof node.value === 'bigint') throw new SandboxViolation('BigInt is not allowed in expressions');
  const value = node.value;
  return () => value;
}

function compileIdentifier(name: string, scope: Scope): Code {
  for (let depth = 0; depth < scope.length; depth += 1) {
    const index = scope[depth]!.indexOf(name);
    if (index >= 0) return frameReader(depth, index);
  }
  if (ROOT_NAMES.has(name)) {
    const key = name as keyof ExpressionData;
    return (_f, rt) => rt.data[key];
  }
  if (Object.hasOwn(GLOBALS, name)) {
    const value = GLOBALS[name];
    return () => value;
  }
  throw new SandboxViolation(`${name} is not defined`);
}

function frameReader(depth: number, index: number): Code {
  return (frame) => {
    let current = frame;
    for (let level = 0; level < depth; level += 1) current = current?.parent;
    return current?.values[index];
  };
}

function compileTemplateLiteral(node: Extract<AnyNode, { type: 'TemplateLiteral' }>, scope: Scope): Code {
  const quasis = node.quasis.map((quasi) => quasi.value.cooked ?? '');
  const parts = node.expressions.map((part) => compile(part, scope));
  return (f, rt) => {
    let text = quasis[0]!;
    for (let index = 0; index < parts.length; index += 1) {
      text += String(parts[index]!(f, rt)) + quasis[index + 1]!;
      if (text.length > MAX_STRING_LENGTH) throw new SandboxViolation('string too long');
    }
    return track(rt, text);
  };
}

function spreadValues(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  throw new SandboxViolation('only arrays and strings can be spread');
}

function compileArray(node: Extract<AnyNode, { type: 'ArrayExpression' }>, scope: Scope): Code {
  const elements = node.elements.map((element) => {
    if (element === null) return { spread: false, code: (() => undefined) as Code };
    if (element.type === 'SpreadElement') return { spread: true, code: compile(element.argument, scope) };
    return { spread: false, code: compile(element, scope) };
  });
  return (f, rt) => {
    const result: unknown[] = [];
    for (const element of elements) {
      if (element.spread) result.push(...spreadValues(element.code(f, rt)));
      else result.push(element.code(f, rt));
    }
    return track(rt, result);
  };
}

type ObjectPart = { kind: 'spread'; code: Code } | { kind: 'property'; key: Code; value: Code };

function compileObject(node: Extract<AnyNode, { type: 'ObjectExpression' }>, scope: Scope): Code {
  const parts: ObjectPart[] = node.properties.map((property) => {
    if (property.type === 'SpreadElement') return { kind: 'spread', code: compile(property.argument, scope) };
    if (property.kind !== 'init' || property.method) throw new SandboxViolation('getters, setters and methods are not allowed');
    return { kind: 'property', key: propertyKey(property.key, property.computed, scope), value: compile(property.value, scope) };
  });
  return (f, rt) => {
    const result: Record<string, unknown> = {};
    for (const part of parts) {
      if (part.kind === 'spread') copyOwn(result, part.code(f, rt));
      else result[toKey(part.key(f, rt))] = part.value(f, rt);
    }
    return result;
  };
}

function propertyKey(key: Expression | AnyNode, computed: boolean, scope: Scope): Code {
  if (computed) return compile(key, scope);
  if (key.type === 'Identifier') {
    const name = toKey(key.name);
    return () => name;
  }
  if (key.type === 'Literal') {
    const name = toKey(key.value);
    return () => name;
  }
  throw new SandboxViolation('unsupported property key');
}

function copyOwn(target: Record<string, unknown>, source: unknown): void {
  if (source === null || source === undefined) return;
  if (typeof source !== 'object') return;
  for (const key of Object.keys(source)) target[toKey(key)] = readMember(source, key);
}

function compileMember(node: Extract<AnyNode, { type: 'MemberExpression' }>, scope: Scope): Code {
  if (node.object.type === 'Super') throw new SandboxViolation('super is not allowed');
  if (node.property.type === 'PrivateIdentifier') throw new SandboxViolation('private names are not allowed');
  const object = compile(node.object, scope);
  const key = propertyKey(node.property, node.computed, scope);
  const optional = node.optional;
  return (f, rt) => {
    const target = object(f, rt);
    if (target === SHORT) return SHORT;
    if (optional && (target === null || target === undefined)) return SHORT;
    return readMember(target, key(f, rt));
  };
}

function compileArguments(nodes: readonly AnyNode[], scope: Scope): Code {
  const args = nodes.map((argument) =>
    argument.type === 'SpreadElement' ? { spread: true, code: compile(argument.argument, scope) } : { spread: false, code: compile(argument, scope) },
  );
  return (f, rt) => {
    const values: unknown[] = [];
    for (const arg of args) {
      if (arg.spread) values.push(...spreadValues(arg.code(f, rt)));
      else values.push(arg.code(f, rt));
    }
    return values;
  };
}

function compileCall(node: Extract<AnyNode, { type: 'CallExpression' }>, scope: Scope): Code {
  const args = compileArguments(node.arguments, scope);
  const optionalCall = node.optional;
  const callee = node.callee;
  if (callee.type === 'MemberExpression') {
    if (callee.object.type === 'Super' || callee.property.type === 'PrivateIdentifier') throw new SandboxViolation('not allowed');
    const object = compile(callee.object, scope);
    const key = propertyKey(callee.property, callee.computed, scope);
    const optionalMember = callee.optional;
    return (f, rt) => {
      const target = object(f, rt);
      if (target === SHORT || (optionalMember && (target === null || target === undefined))) return SHORT;
      const name = key(f, rt);
      rt.step();
      if (optionalCall && (target === null || target === undefined || readMember(target, name) === undefined)) return SHORT;
      return track(rt, callMember(target, name, args(f, rt) as unknown[]));
    };
  }
  if (callee.type === 'Super') throw new SandboxViolation('super is not allowed');
  const fn = compile(callee, scope);
  return (f, rt) => {
    const target = fn(f, rt);
    if (target === SHORT || (optionalCall && (target === null || target === undefined))) return SHORT;
    rt.step();
    if (!isCallable(target)) throw new SandboxViolation('value is not a function');
    return track(rt, target(...(args(f, rt) as unknown[])));
  };
}

function compileNew(node: Extract<AnyNode, { type: 'NewExpression' }>, scope: Scope): Code {
  const callee = compile(node.callee, scope);
  const args = compileArguments(node.arguments, scope);
  return (f, rt) => {
    const construct = CONSTRUCTIBLE.get(callee(f, rt));
    if (!construct) throw new SandboxViolation('only "new Date(...)" is allowed');
    rt.step();
    return construct(...(args(f, rt) as unknown[]));
  };
}

function compileArrow(node: Extract<AnyNode, { type: 'ArrowFunctionExpression' }>, scope: Scope): Code {
  if (node.async || node.generator) throw new SandboxViolation('async and generator functions are not allowed');
  const names = node.params.map((param) => {
    if (param.type !== 'Identifier') throw new SandboxViolation('only plain parameter names are allowed');
    return param.name;
  });
  const inner: Scope = [names, ...scope];
  const body = compileArrowBody(node.body, inner);
  return (frame, rt) =>
    markCallable((...values: unknown[]) => {
      rt.step();
      const result = body({ values, parent: frame }, rt);
      return result === SHORT ? undefined : result;
    });
}

function compileArrowBody(body: AnyNode, scope: Scope): Code {
  if (body.type !== 'BlockStatement') return compile(body, scope);
  const [statement, ...rest] = body.body;
  if (rest.length > 0 || statement?.type !== 'ReturnStatement' || !statement.argument) {
    throw new SandboxViolation('arrow function bodies must be an expression or "{ return <expression> }"');
  }
  return compile(statement.argument, scope);
}
