import semver from 'semver';

/** Sorts semantic versions newest first (what a catalogue shows first). */
export const byNewestVersion = (a: string, b: string): number => semver.rcompare(a, b);
