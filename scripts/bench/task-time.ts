import { readdirSync, readFileSync } from 'node:fs';

/**
 * Time a process's threads spent on a CPU and waiting for one (ms), from /proc/<pid>/task/*\/schedstat
 * (Linux; zeros elsewhere). For this process the CPU time comes from `process.cpuUsage()` instead:
 * a thread's schedstat is brought up to date only when the scheduler next looks at it, so the
 * thread reading its own was short by up to a scheduler tick, which turned a millisecond of
 * in-process work into 0.06 ms and the ratios against it into noise.
 */
export interface TaskTime {
  cpuMs: number;
  waitMs: number;
}

export function taskTime(pid: number | 'self'): TaskTime {
  let cpuNs = 0;
  let waitNs = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const [cpu, wait] = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ');
      cpuNs += Number(cpu);
      waitNs += Number(wait);
    }
  } catch {
    // A thread ended while being read, or no /proc: what was read stands.
  }
  if (pid === 'self') {
    const { user, system } = process.cpuUsage();
    return { cpuMs: (user + system) / 1e3, waitMs: waitNs / 1e6 };
  }
  return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
}

/** The workerd processes this process started (the sandboxes), by their parent and name. */
export function childWorkerdPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (name === 'workerd' && parent === process.pid) pids.push(Number(entry));
    } catch {
      // Gone while listing.
    }
  }
  return pids;
}
