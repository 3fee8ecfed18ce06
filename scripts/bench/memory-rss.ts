// Resident set size of a process, read from /proc as the kernel reports it: no cooperation from
// the process (no --expose-gc, no inspector), so it measures the product as it runs.
import { readFileSync } from 'node:fs';

/** VmRSS of `pid` in KiB (Linux /proc/<pid>/status); null when the process or /proc is gone. */
export function rssKiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** `rssKiB`, or an error naming the process when it cannot be read (the process died). */
export function requireRssKiB(name: string, pid: number | undefined): number {
  const rss = rssKiB(pid);
  if (rss === null) throw new Error(`cannot read VmRSS of ${name} (pid ${pid ?? 'unknown'}) from /proc: has it exited?`);
  return rss;
}

/** Growth from `baseline` to `value` in percent. */
export function growthPercent(baseline: number, value: number): number {
  return ((value - baseline) / baseline) * 100;
}

/**
 * Least-squares line through (x, y): its slope, and its value at `at`. One sample after a garbage
 * collection, or just before one, can be far off the trend; a line through all of them is not.
 */
export function fitLine(points: readonly { x: number; y: number }[], at: number): { slope: number; valueAt: number } {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, valueAt: meanY + slope * (at - meanX) };
}
