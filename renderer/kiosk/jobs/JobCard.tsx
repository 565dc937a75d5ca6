import type { JobSummary } from '../../../main/contract/catalogue.js';
import { formatPay } from '../../../main/contract/format.js';
import { formatDate } from '../../shared/format-date.js';
import { JobBadges } from './JobBadges.js';
import { areaLabel } from './filter-options.js';

/** Renders one posting in the list. A tap opens its details. */
export function JobCard({ job, onOpen }: { job: JobSummary; onOpen: () => void }) {
  const place = [areaLabel(job.area), job.location].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      className="card job-card"
      onClick={onOpen}
      data-testid="job-card"
    >
      <span className="job-card-top">
        <span className="job-card-title">{job.title}</span>
        <span className="job-card-pay">{formatPay(job.pay)}</span>
      </span>
      <span className="job-card-line">{job.employer}</span>
      <span className="job-card-line">{place}</span>
      <span className="job-card-bottom">
        <JobBadges job={job} />
        {job.postedOn === null ? null : (
          <span className="job-card-date">{formatDate(job.postedOn)}发布</span>
        )}
      </span>
    </button>
  );
}
