import { PAY_UNIT_LABELS, type Pay } from './catalogue.js';

function amount(value: number): string {
  if (value >= 10_000 && value % 1000 === 0) return `${value / 10_000}万`;
  return String(Math.round(value * 100) / 100);
}

/** Formats pay the way the screens and slips show it: 4000-6000元/月, 150元/天, 面议. */
export function formatPay(pay: Pay): string {
  if (pay.unit === 'piece')
    return pay.min === null ? '计件' : `计件 ${amount(pay.min)}元起`;
  if (pay.min === null && pay.max === null)
    return pay.negotiable ? '面议' : pay.text || '面议';
  const unit = pay.unit === null ? '元' : PAY_UNIT_LABELS[pay.unit];
  if (pay.min !== null && pay.max !== null && pay.min !== pay.max) {
    return `${amount(pay.min)}-${amount(pay.max)}${unit}`;
  }
  if (pay.min !== null && pay.max === null) return `${amount(pay.min)}${unit}以上`;
  if (pay.min === null && pay.max !== null) return `${amount(pay.max)}${unit}以下`;
  return `${amount(pay.min ?? 0)}${unit}`;
}
