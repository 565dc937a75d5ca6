import { JOB_KIND_LABELS, type JobSummary } from '../../../main/contract/catalogue.js';

/** Renders the kind chip and the 苏陕协作 and 示例 badges of one posting. */
export function JobBadges({ job }: { job: JobSummary }) {
  return (
    <div className="badges">
      <span className={`badge badge-kind badge-${job.kind}`}>
        {JOB_KIND_LABELS[job.kind]}
      </span>
      {job.suShaan ? <span className="badge badge-sushaan">苏陕协作</span> : null}
      {job.isDemo ? <span className="badge badge-demo">示例</span> : null}
    </div>
  );
}
