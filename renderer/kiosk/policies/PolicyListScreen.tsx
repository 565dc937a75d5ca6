import { useEffect, useRef } from 'react';
import type { PolicySummary } from '../../../main/contract/catalogue.js';
import { Pager } from '../../shared/Pager.js';
import { ErrorState, LoadingState } from '../../shared/StatusMessage.js';
import { useApi } from '../../shared/use-api.js';
import { useDragScroll } from '../../shared/use-drag-scroll.js';
import { useFitCount } from '../../shared/use-fit-count.js';
import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';

/** Height of a policy card with a one-line title and three summary lines (see kiosk.css). */
const CARD_REM = 11.2;
const CARD_GAP_REM = 0.75;

/** `policies.list` returns every policy, so the pages are cut here. */
export function PolicyListScreen() {
  const { session, dispatch } = useKiosk();
  const { state, retry } = useApi('policies.list', {});
  const listRef = useRef<HTMLDivElement>(null);
  const pageSize = useFitCount(listRef, CARD_REM, CARD_GAP_REM) ?? 1;
  useDragScroll(listRef);
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 });
  }, [session.policyPage]);

  const policies = state.status === 'ok' ? state.value : [];
  const pageCount = Math.max(1, Math.ceil(policies.length / pageSize));
  const page = Math.min(session.policyPage, pageCount - 1);
  const pagePolicies = policies.slice(page * pageSize, (page + 1) * pageSize);

  return (
    <ScreenFrame title="政策查询">
      <p className="result-total" role="status">
        {state.status === 'ok' ? (
          <>
            共 <strong>{policies.length}</strong> 项政策
          </>
        ) : (
          '\u00a0'
        )}
      </p>
      <div
        ref={listRef}
        className="list"
        data-testid="policy-list"
        aria-busy={state.status === 'loading'}
      >
        {state.status === 'error' ? (
          <ErrorState error={state.error} onRetry={retry} />
        ) : state.status === 'loading' ? (
          <LoadingState />
        ) : pagePolicies.length === 0 ? (
          <div className="empty">
            <p className="empty-text">暂时没有政策信息，请咨询工作人员</p>
          </div>
        ) : (
          pagePolicies.map((policy) => (
            <PolicyCard
              key={policy.id}
              policy={policy}
              onOpen={() =>
                dispatch({ type: 'navigate', route: { name: 'policy', id: policy.id } })
              }
            />
          ))
        )}
      </div>
      <Pager
        page={page}
        pageCount={pageCount}
        onPage={(next) => dispatch({ type: 'setPolicyPage', page: next })}
      />
    </ScreenFrame>
  );
}
function PolicyCard({ policy, onOpen }: { policy: PolicySummary; onOpen: () => void }) {
  return (
    <button
      type="button"
      className="card policy-card"
      onClick={onOpen}
      data-testid="policy-card"
    >
      <span className="policy-card-title">{policy.title}</span>
      <span className="policy-card-summary">{policy.summary}</span>
      <span className="badges">
        <span className="badge badge-category">{policy.category}</span>
        {policy.isDemo ? <span className="badge badge-demo">示例内容</span> : null}
      </span>
    </button>
  );
}
