import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc/<pid>/stat CPU times on every mainstream Linux build. */
const CLOCK_TICKS = 100;

/** Total CPU seconds (user + system) of process `pid` so far, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
