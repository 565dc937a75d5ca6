export interface PickerOption<T> {
  value: T | null;
  label: string;
}

/**
 * Shows a full-screen dialog of big choice buttons for one filter. A tap on a
 * choice picks it and closes the dialog.
 */
export function OptionPicker<T>({
  title,
  options,
  selected,
  onPick,
  onClose,
}: {
  title: string;
  options: readonly PickerOption<T>[];
  selected: T | null;
  onPick: (value: T | null) => void;
  onClose: () => void;
}) {
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="picker-title"
    >
      <div className="dialog picker">
        <h2 id="picker-title" className="dialog-title">
          {title}
        </h2>
        <div className="picker-options">
          {options.map((option) => {
            const isSelected = option.value === selected;
            return (
              <button
                type="button"
                key={option.label}
                className={`chip picker-option${isSelected ? ' is-selected' : ''}`}
                aria-pressed={isSelected}
                onClick={() => {
                  onPick(option.value);
                  onClose();
                }}
              >
                {option.label}
              </button>
            );
          })}
        </div>
        <button type="button" className="button dialog-close" onClick={onClose}>
          关闭
        </button>
      </div>
    </div>
  );
}
