import type { JobDetail } from '../../../main/contract/catalogue.js';
import { formatPay } from '../../../main/contract/format.js';
import { QrCode } from '../../shared/QrCode.js';
import { ScrollPanel } from '../../shared/ScrollPanel.js';
import { Field } from '../../shared/Field.js';
import { ErrorState, LoadingState } from '../../shared/StatusMessage.js';
import { formatDate } from '../../shared/format-date.js';
import { useApi } from '../../shared/use-api.js';
import { PrintSlipButton } from '../devices/PrintSlipButton.js';
import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';
import { useRefreshOnSync } from '../sync/use-refresh-on-sync.js';
import { JobBadges } from './JobBadges.js';
import { areaLabel } from './filter-options.js';

export function JobDetailScreen({ id }: { id: number }) {
  const { dispatch } = useKiosk();
  const { state, retry } = useApi('jobs.get', { id });
  useRefreshOnSync(retry);
  const back = () => dispatch({ type: 'navigate', route: { name: 'jobs' } });
  // A refresh after a sync keeps the posting on screen, and its scroll position, until the new copy arrives.
  let job: JobDetail | null = null;
  if (state.status === 'ok') job = state.value;
  if (state.status === 'loading') job = state.previous;

  return (
    <ScreenFrame title="岗位详情">
      {state.status === 'error' ? (
        <ErrorState
          error={state.error}
          onRetry={retry}
          notFoundText="这个岗位已招满或已下架"
        />
      ) : job === null ? (
        <LoadingState />
      ) : (
        <ScrollPanel label="岗位详情">
          <JobDetailView job={job} />
        </ScrollPanel>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={back}>
          返回列表
        </button>
        {job === null ? null : <PrintSlipButton jobId={id} />}
      </div>
    </ScreenFrame>
  );
}

function JobDetailView({ job }: { job: JobDetail }) {
  const place = [areaLabel(job.area), job.location].filter(Boolean).join(' ');
  return (
    <article className="detail" data-testid="job-detail">
      <div className="detail-head">
        <div className="detail-head-text">
          <h2 className="detail-title">{job.title}</h2>
          <div className="detail-pay" data-field="pay">
            {formatPay(job.pay)}
          </div>
          <JobBadges job={job} />
        </div>
        <QrCode text={job.shareText} caption="手机扫码带走岗位信息" />
      </div>
      <dl className="fields">
        <Field name="employer" label="用工单位" value={job.employer} />
        <Field name="place" label="工作地点" value={place} />
        <Field
          name="headcount"
          label="招聘人数"
          value={job.headcount === null ? '若干' : `${job.headcount}人`}
        />
        <Field name="education" label="学历要求" value={job.education} />
        <Field name="experience" label="工作经验" value={job.experience} />
        <Field name="requirements" label="岗位要求" value={job.requirements} />
        <Field name="benefits" label="福利待遇" value={job.benefits} />
        <Field name="contactName" label="联系人" value={job.contactName} />
        <Field name="contactPhone" label="联系电话" value={job.contactPhone} />
        <Field
          name="postedOn"
          label="发布日期"
          value={job.postedOn && formatDate(job.postedOn)}
        />
        <Field
          name="deadline"
          label="截止日期"
          value={job.deadline && formatDate(job.deadline)}
        />
      </dl>
    </article>
  );
}
