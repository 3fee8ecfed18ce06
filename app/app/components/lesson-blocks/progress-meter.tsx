/** A labelled progress bar: "3 of 5 lessons complete". */
export function ProgressMeter({ completed, total, label = 'Progress' }: { completed: number; total: number; label?: string }) {
  const percent = total === 0 ? 0 : Math.round((completed / total) * 100);
  return (
    <div className="lb-progress" data-testid="progress">
      <div className="lb-progress__label">
        <span>{label}</span>
        <span data-testid="progress-text">
          {completed} of {total} lessons complete
        </span>
      </div>
      <progress max={total === 0 ? 1 : total} value={completed} aria-label={`${label}: ${percent} %`}>
        {percent} %
      </progress>
    </div>
  );
}
