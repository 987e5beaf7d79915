import { type Cell, type CheckResult, type CheckTable, plural } from './check.js';

// The report of `weft check`: readable text (findings first, then information) or one
// JSON document (`--json`). Exit code: 0 nothing found, 1 a finding check found a
// problem, 2 a check could not run (or the command could not start).

export interface CheckReport {
  readonly database: string;
  readonly checkedAt: string;
  readonly checks: readonly CheckResult[];
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_ERROR = 2;

export function exitCodeOf(report: CheckReport): number {
  if (report.checks.some((check) => check.status === 'error')) return EXIT_ERROR;
  return report.checks.some((check) => check.status === 'problem') ? EXIT_PROBLEMS : EXIT_OK;
}

const titlesWith = (report: CheckReport, status: 'problem' | 'error') => report.checks.filter((check) => check.status === status).map((check) => check.title);

export function renderJson(report: CheckReport): string {
  const exitCode = exitCodeOf(report);
  const result = exitCode === EXIT_OK ? 'ok' : exitCode === EXIT_PROBLEMS ? 'problems' : 'error';
  const summary = { database: report.database, checkedAt: report.checkedAt, result, exitCode, checksWithProblems: titlesWith(report, 'problem') };
  return `${JSON.stringify({ ...summary, checksNotRun: titlesWith(report, 'error'), checks: report.checks }, null, 2)}\n`;
}

const LABELS = { ok: '[ok]', problem: '[PROBLEM]', info: '[info]', error: '[ERROR]' } as const;
const INDENT = ' '.repeat(10);

export function renderText(report: CheckReport): string {
  const lines = [`weft check: ${report.database}, ${report.checkedAt}`, ''];
  const findings = report.checks.filter((check) => check.kind === 'finding');
  const information = report.checks.filter((check) => check.kind === 'information');
  lines.push('Findings (a problem here makes the exit code 1)', '');
  for (const check of findings) lines.push(...renderCheck(check), '');
  lines.push('Information (never changes the exit code)', '');
  for (const check of information) lines.push(...renderCheck(check), '');
  lines.push(resultLine(report));
  return `${lines.join('\n')}\n`;
}

function resultLine(report: CheckReport): string {
  const exitCode = exitCodeOf(report);
  const failed = titlesWith(report, 'error');
  const withProblems = titlesWith(report, 'problem');
  const parts = [];
  if (withProblems.length > 0) parts.push(`problems found by ${plural(withProblems.length, 'check')}: ${withProblems.join(', ')}`);
  if (failed.length > 0) parts.push(`could not run: ${failed.join(', ')}`);
  return `Result: ${parts.length > 0 ? parts.join('; ') : 'no problems found'} (exit code ${exitCode})`;
}

function renderCheck(check: CheckResult): string[] {
  const lines = [`${LABELS[check.status].padEnd(INDENT.length)}${check.title}: ${check.summary}`];
  for (const problem of check.problems) lines.push(`${INDENT}- ${problem}`);
  if (check.problems.length > 0 && check.advice) lines.push(`${INDENT}What to do: ${check.advice}`);
  if (check.table && check.table.rows.length > 0) lines.push(...formatTable(check.table).map((line) => `${INDENT}${line}`));
  for (const note of check.notes ?? []) lines.push(`${INDENT}Note: ${note}`);
  return lines;
}

const show = (cell: Cell) => (cell === null ? '-' : String(cell));

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(table: CheckTable): string[] {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => show(row[i] ?? null).length)));
  const line = (cells: readonly Cell[], header = false) =>
    cells
      .map((cell, i) => (typeof cell === 'number' && !header ? show(cell).padStart(widths[i]!) : show(cell).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(table.columns, true), ...table.rows.map((row) => line(row))];
}

/** 1536 -> "1.5 kB" (powers of 1024, as pg_size_pretty). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
