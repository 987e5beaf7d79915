import { runWeft } from './check/weft-command.js';

// The operators' command: `npm run weft -- check` (docs/operations.md, "Checking the
// database"), with the platform's DATABASE_URL / WEFT_DATA_DIR. `--help` lists the rest.

runWeft(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`weft failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
