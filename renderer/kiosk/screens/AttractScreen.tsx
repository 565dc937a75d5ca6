import { useEffect, useState } from 'react';
import type { JobSummary } from '../../../main/contract/catalogue.js';
import { formatPay } from '../../../main/contract/format.js';
import { ErrorState } from '../../shared/StatusMessage.js';
import { useApi } from '../../shared/use-api.js';
import { JobBadges } from '../jobs/JobBadges.js';
import { areaLabel } from '../jobs/filter-options.js';
import { useKiosk } from '../kiosk-context.js';
import { SyncStatusLine } from '../sync/SyncStatusLine.js';

const HIGHLIGHT_COUNT = 8;

/**
 * Maximum time between reloads of the highlights. The attract loop can stay
 * on screen for hours, and a sync may publish, fill or withdraw postings meanwhile.
 */
const MAX_HIGHLIGHT_REFRESH_MS = 60_000;

/** Shows highlighted postings one at a time while the kiosk is idle. */
export function AttractScreen() {
  const { config, dispatch } = useKiosk();
  const { jobs, error, retry } = useHighlights(config.attractRotateSeconds);
  const index = useRotation(jobs.length, config.attractRotateSeconds);
  const job = jobs[index % Math.max(jobs.length, 1)];

  return (
    <div
      className="attract"
      onClick={() => dispatch({ type: 'navigate', route: { name: 'home' } })}
    >
      <header className="attract-header">
        <div className="attract-station">{config.stationName}</div>
        <div className="attract-subtitle">就业服务自助一体机</div>
      </header>

      <section className="attract-body" aria-live="polite">
        {error === null ? null : (
          // The retry button must not also count as the tap that opens home.
          <div onClick={(event) => event.stopPropagation()}>
            <ErrorState error={error} onRetry={retry} />
          </div>
        )}
        {job === undefined ? null : <HighlightCard job={job} />}
        {jobs.length > 1 ? (
          <div
            className="attract-dots"
            aria-label={`第 ${index + 1} 个，共 ${jobs.length} 个`}
          >
            {jobs.map((item, i) => (
              <span
                key={item.id}
                className={`attract-dot${i === index ? ' is-current' : ''}`}
              />
            ))}
          </div>
        ) : null}
      </section>

      <footer className="attract-footer">
        <div className="attract-invite">点击屏幕开始</div>
        <div className="attract-hint">找工作 · 零工快招 · 政策查询</div>
      </footer>
      <SyncStatusLine className="attract-sync-status" />
    </div>
  );
}

function HighlightCard({ job }: { job: JobSummary }) {
  return (
    <article className="attract-card" data-testid="highlight">
      <div className="attract-card-label">正在招聘</div>
      <h2 className="attract-card-title">{job.title}</h2>
      <div className="attract-card-pay">{formatPay(job.pay)}</div>
      <div className="attract-card-line">{job.employer}</div>
      <div className="attract-card-line">{areaLabel(job.area)}</div>
      <JobBadges job={job} />
    </article>
  );
}

/**
 * Loads the highlights and reloads them once per rotation cycle, at most
 * MAX_HIGHLIGHT_REFRESH_MS apart. While a reload runs or after it failed, the
 * last list stays on screen, and the error shows only when there is no list at all.
 */
function useHighlights(rotateSeconds: number): {
  jobs: JobSummary[];
  error: unknown;
  retry: () => void;
} {
  const { state, retry } = useApi('jobs.highlights', { limit: HIGHLIGHT_COUNT });
  const [lastJobs, setLastJobs] = useState<JobSummary[] | null>(null);
  useEffect(() => {
    if (state.status === 'ok') setLastJobs(state.value);
  }, [state]);

  let jobs = lastJobs ?? [];
  if (state.status === 'ok') jobs = state.value;

  const cycleMs = Math.max(jobs.length, 1) * rotateSeconds * 1000;
  const refreshMs = Math.min(cycleMs, MAX_HIGHLIGHT_REFRESH_MS);
  useEffect(() => {
    const timer = window.setInterval(retry, refreshMs);
    return () => window.clearInterval(timer);
  }, [retry, refreshMs]);

  const error = state.status === 'error' && lastJobs === null ? state.error : null;
  return { jobs, error, retry };
}

/** Cycles 0..count-1 every `seconds`, starting over when `count` changes. */
function useRotation(count: number, seconds: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    setIndex(0);
    if (count < 2) return undefined;
    const timer = window.setInterval(
      () => setIndex((i) => (i + 1) % count),
      seconds * 1000,
    );
    return () => window.clearInterval(timer);
  }, [count, seconds]);
  return index;
}
