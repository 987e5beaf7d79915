import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';

/**
 * What keeps the code's shape besides the module boundaries: sizes (ESLint), formatting
 * (Prettier) and declared dependencies (knip), each with the repository's own
 * configuration. Probe files are written into a real library and removed afterwards.
 */
const SIZE_RULES = ['max-lines', 'max-lines-per-function'];
const root = process.cwd();
const library = path.join(root, 'libs/shared/kernel/src');

describe('lint keeps the shape of the code', () => {
  const probes: string[] = [];
  let eslint: ESLint;

  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  afterAll(() => {
    for (const probe of probes) fs.rmSync(probe, { force: true });
  });

  function probe(name: string, source: string): string {
    const file = path.join(library, name);
    fs.writeFileSync(file, source);
    probes.push(file);
    return file;
  }

  async function sizeErrors(file: string): Promise<string[]> {
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).filter((m) => m.ruleId !== null && SIZE_RULES.includes(m.ruleId)).map((m) => m.ruleId!);
  }

  const constants = (count: number) => Array.from({ length: count }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
  const longFunction = (statements: number) =>
    `export function long(): number {\n  let n = 0;\n${Array.from({ length: statements }, (_, i) => `  n += ${i};`).join('\n')}\n  return n;\n}\n`;

  it('fails a source file over 300 lines and passes one at 300', async () => {
    expect(await sizeErrors(probe('shape-probe-long.ts', constants(301)))).toEqual(['max-lines']);
    expect(await sizeErrors(probe('shape-probe-ok.ts', constants(300)))).toEqual([]);
  }, 60_000);

  it('fails a function over 60 lines and passes one at 60', async () => {
    expect(await sizeErrors(probe('shape-probe-fn.ts', longFunction(57)))).toEqual(['max-lines-per-function']);
    expect(await sizeErrors(probe('shape-probe-fn-ok.ts', longFunction(56)))).toEqual([]);
  }, 60_000);

  it('lets tests be longer', async () => {
    expect(await sizeErrors(probe('shape-probe.unit.spec.ts', constants(400) + longFunction(80)))).toEqual([]);
  }, 60_000);

  it('fails code Prettier would format differently, with the repository settings', async () => {
    const file = path.join(library, 'shape-probe-format.ts');
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    expect(await prettier.check("export const quoted = 'single';\n", options)).toBe(true);
    expect(await prettier.check('export const quoted = "double";\n', options)).toBe(false);
    expect(await prettier.check('export const list = [1,2,3];\n', options)).toBe(false);
  });

  it('fails an import of a package that package.json does not declare', () => {
    const knip = () => spawnSync('npx', ['knip', '--no-progress'], { cwd: root, encoding: 'utf8' });
    expect(knip().status).toBe(0);
    probe('shape-probe-undeclared.unit.spec.ts', "import leftPad from 'left-pad';\nexport const padded = leftPad('1', 3);\n");
    const withUndeclared = knip();
    expect(withUndeclared.status).not.toBe(0);
    expect(withUndeclared.stdout).toContain('left-pad');
  }, 120_000);
});
