/** Renders one labelled line of a details list, with `emptyText` for a blank value. */
export function Field({
  name,
  label,
  value,
  emptyText = '未注明',
}: {
  /** Stable name of the field, for tests and styles. */
  name: string;
  label: string;
  value: string | null;
  emptyText?: string;
}) {
  const blank = value === null || value.trim() === '';
  return (
    <div className="field" data-field={name}>
      <dt className="field-label">{label}</dt>
      <dd className={`field-value${blank ? ' is-blank' : ''}`}>
        {blank ? emptyText : value}
      </dd>
    </div>
  );
}
