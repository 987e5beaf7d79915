import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The dependency rules of docs/architecture.md are enforced by lint. This suite
 * writes probe files into real libraries and lints them with the repository's own
 * configuration: a forbidden import must fail, an allowed one must pass.
 */
const BOUNDARY_RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

describe('module boundaries', () => {
  const root = process.cwd();
  const probes: string[] = [];
  let eslint: ESLint;

  beforeAll(() => {
    // The boundary rule reads Nx's project graph; without a computed graph it would skip silently.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
    eslint = new ESLint({ cwd: root });
  }, 120_000);

  afterAll(() => {
    for (const probe of probes) fs.rmSync(probe, { force: true });
  });

  async function boundaryErrors(library: string, source: string): Promise<string[]> {
    const file = path.join(root, library, 'src', `boundary-probe-${probes.length}.ts`);
    fs.writeFileSync(file, source);
    probes.push(file);
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.includes(m.ruleId)).map((m) => m.message);
  }

  it.each([
    ['the database driver', "import pg from 'pg';\nexport const probe = pg;\n"],
    ['NestJS', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n"],
    ['Kafka', "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n"],
    ['MikroORM', "import { Entity } from '@mikro-orm/core';\nexport const probe = Entity;\n"],
    ['a Node built-in', "import fs from 'node:fs';\nexport const probe = fs;\n"],
    ['an adapter library', "import { Database } from '@weft/postgres';\nexport const probe = Database;\n"],
  ])(
    'fails when a domain library imports %s',
    async (_what, source) => {
      expect(await boundaryErrors('libs/identity/domain', source)).not.toEqual([]);
    },
    60_000,
  );

  it('fails when one context reaches into another context instead of its contracts', async () => {
    const errors = await boundaryErrors('libs/identity/feature', "import * as tenancy from '@weft/tenancy-domain';\nexport const probe = tenancy;\n");
    expect(errors).not.toEqual([]);
  }, 60_000);

  it.each([
    ['workflows', 'the users of identity', '@weft/read-model-users', 'findUsersByIds'],
    ['identity', 'the organizations of tenancy', '@weft/read-model-tenancy', 'TENANCY_PROJECTION'],
    ['tenancy', 'the executions of execution', '@weft/read-model-executions', 'EXECUTIONS_PROJECTION'],
  ])(
    'fails when the %s feature reads %s from their read model instead of a port',
    async (context, _what, readModel, name) => {
      const errors = await boundaryErrors(`libs/${context}/feature`, `import { ${name} } from '${readModel}';\nexport const probe = ${name};\n`);
      expect(errors).not.toEqual([]);
    },
    60_000,
  );

  it("passes when a feature reads its own context's read model", async () => {
    const errors = await boundaryErrors(
      'libs/workflows/feature',
      "import { WORKFLOWS_PROJECTION } from '@weft/read-model-workflows';\nexport const probe = WORKFLOWS_PROJECTION;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('passes when a domain library imports only the kernel', async () => {
    expect(await boundaryErrors('libs/identity/domain', "import { UserError } from '@weft/kernel';\nexport const probe = UserError;\n")).toEqual([]);
  }, 60_000);
});
