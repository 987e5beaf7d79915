import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swc from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const aliases = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;

export async function resolve(specifier, context, nextResolve) {
  const alias = aliases[specifier];
  if (alias) return { url: pathToFileURL(path.join(root, alias[0])).href, shortCircuit: true };
  if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') && specifier.startsWith('.')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (fs.existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = fs.readFileSync(fileURLToPath(url), 'utf8');
  const { code } = swc.transformSync(source, {
    filename: fileURLToPath(url),
    module: { type: 'es6' },
    jsc: { target: 'es2023', parser: { syntax: 'typescript' }, transform: { useDefineForClassFields: false } },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
