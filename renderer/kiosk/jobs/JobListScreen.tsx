import { useEffect, useRef } from 'react';
import { Pager } from '../../shared/Pager.js';
import { ErrorState, LoadingState } from '../../shared/StatusMessage.js';
import { useApi } from '../../shared/use-api.js';
import { useDragScroll } from '../../shared/use-drag-scroll.js';
import { useFitCount } from '../../shared/use-fit-count.js';
import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';
import { useRefreshOnSync } from '../sync/use-refresh-on-sync.js';
import { FilterBar } from './FilterBar.js';
import { JobCard } from './JobCard.js';
import { SearchBar } from './SearchBar.js';
import { toJobQuery } from './filter-options.js';

/** Height of a job card whose title and place fit on one line each (see kiosk.css). */
const CARD_REM = 10;
const CARD_GAP_REM = 0.75;

export function JobListScreen() {
  const { session, dispatch } = useKiosk();
  const { filters, jobPage } = session;
  const listRef = useRef<HTMLDivElement>(null);
  const pageSize = useFitCount(listRef, CARD_REM, CARD_GAP_REM);
  usePageSizeChange(pageSize, jobPage, (page) => dispatch({ type: 'setJobPage', page }));
  useDragScroll(listRef);

  const { state, retry } = useApi(
    'jobs.search',
    pageSize === null ? null : toJobQuery(filters, jobPage, pageSize),
  );
  useRefreshOnSync(retry);
  // While a new page loads, the old one stays on screen, dimmed.
  let page = null;
  if (state.status === 'ok') page = state.value;
  if (state.status === 'loading') page = state.previous;
  const pageCount =
    page === null || pageSize === null
      ? 1
      : Math.max(1, Math.ceil(page.total / pageSize));

  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 });
  }, [jobPage, filters]);

  // Postings can go away (filled, synced) while a citizen reads a late page.
  const pastTheEnd = state.status === 'ok' && jobPage > 0 && jobPage >= pageCount;
  useEffect(() => {
    if (pastTheEnd) dispatch({ type: 'setJobPage', page: pageCount - 1 });
  }, [pastTheEnd, pageCount, dispatch]);

  return (
    <ScreenFrame title="找工作">
      <div className="job-layout">
        <section className="job-controls" aria-label="搜索和筛选">
          <SearchBar />
          <FilterBar />
        </section>

        <section className="job-results" aria-label="岗位列表">
          <p className="result-total" role="status">
            {page === null ? (
              '\u00a0'
            ) : (
              <>
                共 <strong>{page.total}</strong> 个岗位
              </>
            )}
          </p>
          <div
            ref={listRef}
            className="list"
            aria-busy={state.status === 'loading'}
            data-testid="job-list"
          >
            {state.status === 'error' ? (
              <ErrorState error={state.error} onRetry={retry} />
            ) : page === null ? (
              <LoadingState />
            ) : page.items.length === 0 ? (
              <div className="empty">
                <p className="empty-text">没有找到合适的岗位，换个条件试试</p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => dispatch({ type: 'clearFilters' })}
                >
                  清除筛选
                </button>
              </div>
            ) : (
              page.items.map((job) => (
                <JobCard
                  key={job.id}
                  job={job}
                  onOpen={() =>
                    dispatch({ type: 'navigate', route: { name: 'job', id: job.id } })
                  }
                />
              ))
            )}
          </div>
          <Pager
            page={jobPage}
            pageCount={pageCount}
            onPage={(next) => dispatch({ type: 'setJobPage', page: next })}
          />
        </section>
      </div>
    </ScreenFrame>
  );
}

/**
 * Keeps the first posting of the page in view when the page size changes
 * (elder mode, a turned screen) by moving to the page that now contains it.
 */
function usePageSizeChange(
  pageSize: number | null,
  page: number,
  setPage: (page: number) => void,
) {
  const previous = useRef(pageSize);
  useEffect(() => {
    const old = previous.current;
    previous.current = pageSize;
    if (old === null || pageSize === null || old === pageSize) return;
    setPage(Math.floor((page * old) / pageSize));
  }, [pageSize, page, setPage]);
}
