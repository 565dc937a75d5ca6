// The choices citizens get for each job filter, with their labels.
import {
  AREAS,
  JOB_CATEGORIES,
  JOB_KINDS,
  JOB_KIND_LABELS,
  type Area,
  type JobCategory,
  type JobKind,
  type JobQueryInput,
} from '../../../main/contract/catalogue.js';
import type { JobFilters } from '../session.js';

export interface FilterOption<T> {
  value: T | null;
  label: string;
}

const ANY = '不限';

const AREA_LABELS: Partial<Record<Area, string>> = { 江苏: '江苏（苏陕协作）' };

export function areaLabel(area: Area): string {
  return AREA_LABELS[area] ?? area;
}

export const KIND_OPTIONS: FilterOption<JobKind>[] = [
  { value: null, label: '全部' },
  ...JOB_KINDS.map((kind) => ({ value: kind, label: JOB_KIND_LABELS[kind] })),
];

export const AREA_OPTIONS: FilterOption<Area>[] = [
  { value: null, label: ANY },
  ...AREAS.map((area) => ({ value: area, label: areaLabel(area) })),
];

export const CATEGORY_OPTIONS: FilterOption<JobCategory>[] = [
  { value: null, label: ANY },
  ...JOB_CATEGORIES.map((category) => ({ value: category, label: category })),
];

/** Monthly pay floors; `jobs.search` converts day and hour pay to months. */
export const PAY_OPTIONS: FilterOption<number>[] = [
  { value: null, label: ANY },
  { value: 3000, label: '3000元以上' },
  { value: 5000, label: '5000元以上' },
  { value: 8000, label: '8000元以上' },
];

export const POSTED_OPTIONS: FilterOption<number>[] = [
  { value: null, label: ANY },
  { value: 3, label: '3天内' },
  { value: 7, label: '7天内' },
  { value: 30, label: '30天内' },
];

export function optionLabel<T>(
  options: readonly FilterOption<T>[],
  value: T | null,
): string {
  return options.find((option) => option.value === value)?.label ?? ANY;
}

/** Builds the `jobs.search` params of one page of the list. */
export function toJobQuery(
  filters: JobFilters,
  page: number,
  pageSize: number,
): JobQueryInput {
  return {
    text: filters.text.trim(),
    kinds: filters.kind === null ? [] : [filters.kind],
    areas: filters.area === null ? [] : [filters.area],
    categories: filters.category === null ? [] : [filters.category],
    minMonthlyPay: filters.minMonthlyPay,
    postedWithinDays: filters.postedWithinDays,
    offset: page * pageSize,
    limit: pageSize,
  };
}
