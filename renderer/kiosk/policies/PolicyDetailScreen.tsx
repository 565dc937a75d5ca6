import type { PolicyDetail } from '../../../main/contract/catalogue.js';
import { Field } from '../../shared/Field.js';
import { ScrollPanel } from '../../shared/ScrollPanel.js';
import { ErrorState, LoadingState } from '../../shared/StatusMessage.js';
import { useApi } from '../../shared/use-api.js';
import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';

export function PolicyDetailScreen({ id }: { id: number }) {
  const { dispatch } = useKiosk();
  const { state, retry } = useApi('policies.get', { id });

  return (
    <ScreenFrame title="政策详情">
      {state.status === 'error' ? (
        <ErrorState
          error={state.error}
          onRetry={retry}
          notFoundText="这项政策已不再显示"
        />
      ) : state.status === 'loading' ? (
        <LoadingState />
      ) : (
        <ScrollPanel label="政策详情">
          <PolicyDetailView policy={state.value} />
        </ScrollPanel>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => dispatch({ type: 'navigate', route: { name: 'policies' } })}
        >
          返回政策列表
        </button>
      </div>
    </ScreenFrame>
  );
}

function PolicyDetailView({ policy }: { policy: PolicyDetail }) {
  return (
    <article className="detail" data-testid="policy-detail">
      <h2 className="detail-title">{policy.title}</h2>
      <div className="badges">
        <span className="badge badge-category">{policy.category}</span>
        {policy.isDemo ? <span className="badge badge-demo">示例内容</span> : null}
      </div>
      <dl className="fields">
        <Field name="summary" label="政策简介" value={policy.summary} />
        <Field name="benefit" label="补贴待遇" value={policy.benefit} />
        <Field name="eligibility" label="申请条件" value={policy.eligibility} />
        <Field name="materials" label="所需材料" value={policy.materials} />
        <Field name="whereToApply" label="办理地点" value={policy.whereToApply} />
        <Field
          name="sourceDocument"
          label="政策文件"
          value={policy.sourceDocument}
          emptyText="政策文件待工作人员补充"
        />
      </dl>
    </article>
  );
}
