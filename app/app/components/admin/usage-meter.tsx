const numbers = new Intl.NumberFormat('en');

export interface MonthlyUsage {
  month: string;
  tokens: number;
  cap: number | null;
}

/** Share of the allowance used, in whole percent (null without a cap). */
export function usedPercent(usage: MonthlyUsage): number | null {
  if (usage.cap === null) return null;
  if (usage.cap === 0) return usage.tokens > 0 ? 100 : 0;
  return Math.round((usage.tokens / usage.cap) * 100);
}

export function monthName(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : date.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Tokens used this month against the allowance, as a <meter> with the figures spelled out. */
export function UsageMeter({ usage, id }: { usage: MonthlyUsage; id: string }) {
  const percent = usedPercent(usage);
  if (usage.cap === null)
    return (
      <p data-testid="usage-summary">
        <strong>{numbers.format(usage.tokens)}</strong> tokens used in {monthName(usage.month)}. No monthly allowance is set, so generation is not
        limited.
      </p>
    );
  const state = percent !== null && percent >= 100 ? 'exhausted' : percent !== null && percent >= 80 ? 'high' : 'ok';
  return (
    <div className={`usage usage--${state}`}>
      <label htmlFor={id} className="usage__label">
        AI tokens used in {monthName(usage.month)}
      </label>
      <meter
        id={id}
        min={0}
        max={Math.max(usage.cap, 1)}
        low={usage.cap * 0.8}
        high={usage.cap * 0.95}
        optimum={0}
        value={Math.min(usage.tokens, usage.cap)}
      >
        {percent}%
      </meter>
      <p data-testid="usage-summary">
        <strong>{numbers.format(usage.tokens)}</strong> of {numbers.format(usage.cap)} tokens ({percent}%).{' '}
        {state === 'exhausted'
          ? 'The allowance is used up: new generation is refused until next month or until an owner raises it.'
          : state === 'high'
            ? 'Most of the allowance is used.'
            : `${numbers.format(usage.cap - usage.tokens)} left.`}
      </p>
    </div>
  );
}
