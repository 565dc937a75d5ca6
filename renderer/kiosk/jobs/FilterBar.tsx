import { useState } from 'react';
import { OptionPicker, type PickerOption } from '../../shared/OptionPicker.js';
import { useKiosk } from '../kiosk-context.js';
import { activeFilterCount, type JobFilters } from '../session.js';
import {
  AREA_OPTIONS,
  CATEGORY_OPTIONS,
  KIND_OPTIONS,
  PAY_OPTIONS,
  POSTED_OPTIONS,
  optionLabel,
} from './filter-options.js';

type PickerField = 'area' | 'category' | 'minMonthlyPay' | 'postedWithinDays';

interface PickerSpec {
  field: PickerField;
  name: string;
  options: readonly PickerOption<unknown>[];
}

const PICKERS: PickerSpec[] = [
  { field: 'area', name: '地点', options: AREA_OPTIONS },
  { field: 'category', name: '工种', options: CATEGORY_OPTIONS },
  { field: 'minMonthlyPay', name: '工资', options: PAY_OPTIONS },
  { field: 'postedWithinDays', name: '发布', options: POSTED_OPTIONS },
];

/** Renders the kind chips, one button per other filter, and 清除筛选. */
export function FilterBar() {
  const { session, dispatch } = useKiosk();
  const { filters } = session;
  const [open, setOpen] = useState<PickerSpec | null>(null);
  const setFilters = (change: Partial<JobFilters>) =>
    dispatch({ type: 'setFilters', filters: change });

  return (
    <div className="filters">
      <div className="filter-row" role="group" aria-label="岗位类型">
        <span className="row-label">类型</span>
        {KIND_OPTIONS.map((option) => {
          const isSelected = filters.kind === option.value;
          return (
            <button
              type="button"
              key={option.label}
              className={`chip kind-chip${isSelected ? ' is-selected' : ''}`}
              aria-pressed={isSelected}
              onClick={() => setFilters({ kind: option.value })}
            >
              {option.label}
            </button>
          );
        })}
      </div>

      <div className="filter-row filter-pickers">
        {PICKERS.map((picker) => {
          const value = filters[picker.field];
          return (
            <button
              type="button"
              key={picker.field}
              className={`chip picker-button${value === null ? '' : ' is-selected'}`}
              data-filter={picker.field}
              onClick={() => setOpen(picker)}
            >
              {picker.name}：{optionLabel(picker.options, value)}
            </button>
          );
        })}
        {activeFilterCount(filters) > 0 ? (
          <button
            type="button"
            className="chip clear-button"
            onClick={() => dispatch({ type: 'clearFilters' })}
          >
            清除筛选
          </button>
        ) : null}
      </div>

      {open === null ? null : (
        <OptionPicker
          title={`选择${open.name}`}
          options={open.options}
          selected={filters[open.field]}
          // The picked value is one of this field's own options.
          onPick={(value) => setFilters({ [open.field]: value })}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
