// One source of truth for path aliases: tsconfig.base.json. The build and jest both
// derive their swc options from it, so an alias is declared once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function tsconfigPaths() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  return tsconfig.compilerOptions.paths;
}

/** swc options for ES module output; `paths` rewrites @weft/* imports to relative ones. */
export function swcOptions({ withPaths = true } = {}) {
  return {
    sourceMaps: true,
    module: { type: 'es6', resolveFully: true },
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      ...(withPaths ? { baseUrl: workspaceRoot, paths: tsconfigPaths() } : {}),
    },
  };
}
