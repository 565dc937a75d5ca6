// The in-memory session of one citizen at the kiosk: the current screen and
// everything they chose. The idle timeout replaces it with `initialSession`,
// so nothing of one citizen is left for the next.
import type { Area, JobCategory, JobKind } from '../../main/contract/catalogue.js';

export type Route =
  | { name: 'attract' }
  | { name: 'home' }
  | { name: 'jobs' }
  | { name: 'job'; id: number }
  | { name: 'policies' }
  | { name: 'policy'; id: number }
  | { name: 'idcard' }
  | { name: 'devices' };

/** The job list's search text and filters; null means 不限 (no filter). */
export interface JobFilters {
  text: string;
  kind: JobKind | null;
  area: Area | null;
  category: JobCategory | null;
  /** Lowest pay in yuan per month. */
  minMonthlyPay: number | null;
  postedWithinDays: number | null;
}

export interface Session {
  route: Route;
  filters: JobFilters;
  /** Zero-based page of the job list. */
  jobPage: number;
  /** Zero-based page of the policy list. */
  policyPage: number;
  elder: boolean;
}

export const noFilters: JobFilters = {
  text: '',
  kind: null,
  area: null,
  category: null,
  minMonthlyPay: null,
  postedWithinDays: null,
};

export const initialSession: Session = {
  route: { name: 'attract' },
  filters: noFilters,
  jobPage: 0,
  policyPage: 0,
  elder: false,
};

export type SessionAction =
  | { type: 'navigate'; route: Route }
  | { type: 'openJobs'; kind: JobKind | null }
  | { type: 'setFilters'; filters: Partial<JobFilters> }
  | { type: 'clearFilters' }
  | { type: 'setJobPage'; page: number }
  | { type: 'setPolicyPage'; page: number }
  | { type: 'toggleElder' }
  | { type: 'reset' };

export function sessionReducer(session: Session, action: SessionAction): Session {
  switch (action.type) {
    case 'navigate':
      return { ...session, route: action.route };
    case 'openJobs':
      // A home tile always starts a fresh search, so 找工作 after 零工快招
      // shows every posting again.
      return {
        ...session,
        route: { name: 'jobs' },
        filters: { ...noFilters, kind: action.kind },
        jobPage: 0,
      };
    case 'setFilters':
      return {
        ...session,
        filters: { ...session.filters, ...action.filters },
        jobPage: 0,
      };
    case 'clearFilters':
      return { ...session, filters: noFilters, jobPage: 0 };
    case 'setJobPage':
      return { ...session, jobPage: action.page };
    case 'setPolicyPage':
      return { ...session, policyPage: action.page };
    case 'toggleElder':
      return { ...session, elder: !session.elder };
    case 'reset':
      return initialSession;
  }
}

/** Counts the filters that are set, the search text included. */
export function activeFilterCount(filters: JobFilters): number {
  const values = [
    filters.text.trim() === '' ? null : filters.text,
    filters.kind,
    filters.area,
    filters.category,
    filters.minMonthlyPay,
    filters.postedWithinDays,
  ];
  return values.filter((value) => value !== null).length;
}
