// CPU accounting for benchmarks, from Linux /proc: a process's CPU time (the platform's,
// PostgreSQL backends') and how busy the whole machine was, so a bench reports CPU per
// operation and not only throughput.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime + stime of a process in ms, from /proc/<pid>/stat (fields 14 and 15). */
export function cpuMsOf(pid: number, ticksPerSecond: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const values = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU ms of the processes still alive (a PostgreSQL backend may have gone: it counts 0). */
export function cpuMsOfAll(pids: readonly number[], ticksPerSecond: number): Map<number, number> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    try {
      result.set(pid, cpuMsOf(pid, ticksPerSecond));
    } catch {
      // gone
    }
  }
  return result;
}
