/**
 * Seconds in a SCORM time span: SCORM 1.2 `HHHH:MM:SS.SS` or SCORM 2004 ISO 8601 `P[nY][nM][nD][T[nH][nM][nS]]`
 * (a month counted as 30 days, a year as 365). Anything else, including an empty value, is 0.
 */
export function scormDurationSeconds(value: string): number {
  const clock = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$/.exec(value);
  if (clock !== null) return Math.round(Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]));
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (iso === null || value === 'P' || value.endsWith('T')) return 0;
  const [years, months, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0));
  return Math.round(
    (years ?? 0) * 31_536_000 + (months ?? 0) * 2_592_000 + (days ?? 0) * 86_400 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0),
  );
}
