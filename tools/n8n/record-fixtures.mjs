#!/usr/bin/env node
// Records what a real n8n answers for the workflows of tools/n8n/cases.mjs into
// libs/engine/nodes/src/n8n/recorded/<case>.json, which n8n-recorded.int.spec.ts compares
// Weft with. Not part of the tests: the tests read the recordings only.
//
// 1. Install n8n outside the repository (Node 22 comes from the `node` package):
//      mkdir -p /tmp/n8n-ref && cd /tmp/n8n-ref && npm init -y && npm pkg set overrides.xlsx=0.18.5
//      npm install --no-audit --no-fund n8n@1.123.81 node@22
//      psql -h 127.0.0.1 -U postgres -d test -c 'create database n8n_ref'
// 2. The environment n8n runs with (the import step below uses it too):
//      export N8N_REF=/tmp/n8n-ref DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT=5432 \
//        DB_POSTGRESDB_USER=postgres DB_POSTGRESDB_DATABASE=n8n_ref N8N_USER_FOLDER=/tmp/n8n-ref/home \
//        N8N_PORT=5679 N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false N8N_RUNNERS_ENABLED=false \
//        GENERIC_TIMEZONE=UTC N8N_SECURE_COOKIE=false
// 3. Import the credentials and workflows and activate them (runs the n8n CLI; n8n must not be running):
//      node tools/n8n/record-fixtures.mjs import
// 4. Start n8n so that the activations take effect, and wait for "Editor is now accessible":
//      $N8N_REF/node_modules/node/bin/node $N8N_REF/node_modules/n8n/bin/n8n start
// 5. Call every webhook and write the recordings (starts the upstream on 127.0.0.1:5680):
//      node tools/n8n/record-fixtures.mjs record [case-name ...]
// 6. Stop n8n (kill its pid) and `psql -h 127.0.0.1 -U postgres -d test -c 'drop database n8n_ref'`.
// A change to cases.mjs needs steps 3–5 again (re-import, restart). Kept response headers:
// STABLE_HEADERS; an error body's `stacktrace` (paths of this machine) is dropped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { cases, credentials, UPSTREAM } from './cases.mjs';

const N8N_VERSION = '1.123.81';
const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'libs/engine/nodes/src/n8n/recorded');
const n8nRef = process.env.N8N_REF ?? '/tmp/n8n-ref';
const n8nBase = `http://127.0.0.1:${process.env.N8N_PORT ?? '5679'}`;
/** Response headers worth keeping: the rest (date, etag, content-length…) vary or are transport detail. */
const STABLE_HEADERS = ['content-type', 'x-count', 'x-signature', 'www-authenticate'];
/** Request headers the upstream records (what an HTTP Request node sent that matters). */
const UPSTREAM_HEADERS = ['content-type', 'x-api-key', 'x-trace'];

function n8n(...args) {
  const node = path.join(n8nRef, 'node_modules/node/bin/node');
  const cli = path.join(n8nRef, 'node_modules/n8n/bin/n8n');
  console.log(`n8n ${args.join(' ')}`);
  execFileSync(node, [cli, ...args], { stdio: 'inherit', env: process.env });
}

function importAll() {
  const dir = path.join(n8nRef, 'import');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'workflows'), { recursive: true });
  writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify(credentials, null, 2));
  const workflows = new Map(cases.map(({ workflow }) => [workflow.id, workflow]));
  for (const workflow of workflows.values())
    writeFileSync(path.join(dir, 'workflows', `${workflow.id}.json`), JSON.stringify({ ...workflow, active: false }, null, 2));
  n8n('import:credentials', `--input=${path.join(dir, 'credentials.json')}`);
  n8n('import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`);
  n8n('update:workflow', '--all', '--active=true');
}

/** The upstream of the HTTP Request nodes: answers by path, remembers every request. */
function upstreamHandler(exchanges) {
  return (request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url, UPSTREAM);
      const answer = upstreamAnswer(url, request.headers, body);
      const headers = Object.fromEntries(UPSTREAM_HEADERS.filter((name) => request.headers[name] !== undefined).map((name) => [name, request.headers[name]]));
      exchanges.push({ request: { method: request.method, url: request.url, headers, body: body === '' ? null : parseBody(body) }, response: answer });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  };
}

function upstreamAnswer(url, headers, body) {
  const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (order) {
    if (headers['x-api-key'] !== 'k-123') return { status: 401, body: { error: 'no key' } };
    if (order[1] === 'fail') return { status: 500, body: { error: 'boom' } };
    const page = Number(url.searchParams.get('page') ?? 1);
    if (page > 2) return { status: 404, body: { error: 'no more pages' } };
    return { status: 200, body: { id: Number(order[1]), page, expand: url.searchParams.get('expand'), ...parseBody(body) } };
  }
  if (url.pathname === '/form') return { status: 200, body: { received: body, type: headers['content-type'] ?? null } };
  if (url.pathname === '/json') return { status: 200, body: { q: url.searchParams.get('q'), trace: headers['x-trace'] ?? null } };
  return { status: 404, body: { error: 'not found' } };
}

function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function call(request) {
  const init = { method: request.method, headers: request.headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) };
  if (request.body !== null && request.body !== undefined) init.body = JSON.stringify(request.body);
  const response = await fetch(`${n8nBase}${request.path}`, init);
  const text = await response.text();
  const headers = Object.fromEntries(STABLE_HEADERS.filter((name) => response.headers.has(name)).map((name) => [name, response.headers.get(name)]));
  const json = (headers['content-type'] ?? '').includes('application/json');
  // n8n's error bodies carry a stack trace with this machine's paths: keep code and message.
  const body = json && text !== '' ? JSON.parse(text) : text;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) delete body.stacktrace;
  return { status: response.status, headers, body };
}

async function recordAll(only) {
  const exchanges = [];
  const server = createServer(upstreamHandler(exchanges));
  await new Promise((resolve) => server.listen(Number(new URL(UPSTREAM).port), '127.0.0.1', resolve));
  mkdirSync(outDir, { recursive: true });
  try {
    for (const entry of cases.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
      exchanges.length = 0;
      const recordedAt = new Date().toISOString();
      const response = await call(entry.request);
      const used = JSON.stringify(entry.workflow.nodes.map((node) => node.credentials ?? {}));
      const credentialsUsed = credentials.filter((credential) => used.includes(`"id":"${credential.id}"`));
      const recording = {
        n8nVersion: N8N_VERSION,
        recordedAt,
        workflow: entry.workflow,
        ...(credentialsUsed.length > 0 ? { credentials: credentialsUsed } : {}),
        request: entry.request,
        response,
        ...(exchanges.length > 0 ? { upstream: [...exchanges] } : {}),
      };
      writeFileSync(path.join(outDir, `${entry.name}.json`), `${JSON.stringify(recording, null, 2)}\n`);
      console.log(`${entry.name}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
    }
  } finally {
    server.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'import') importAll();
else if (command === 'record') await recordAll(rest);
else {
  console.error('usage: record-fixtures.mjs import | record [case ...]');
  process.exit(2);
}
