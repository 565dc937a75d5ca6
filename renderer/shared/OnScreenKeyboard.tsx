const ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

/**
 * Renders the kiosk's own keyboard for letters and digits, because a kiosk
 * has no physical one. It edits `value` through `onChange`, and 搜索 calls
 * `onSubmit`.
 */
export function OnScreenKeyboard({
  value,
  maxLength,
  onChange,
  onSubmit,
  onClose,
}: {
  value: string;
  maxLength: number;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onClose: () => void;
}) {
  const type = (key: string) => {
    if (value.length < maxLength) onChange(value + key);
  };
  return (
    <div className="keyboard" role="group" aria-label="屏幕键盘">
      {ROWS.map((row) => (
        <div className="keyboard-row" key={row}>
          {Array.from(row).map((key) => (
            <button type="button" className="key" key={key} onClick={() => type(key)}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="keyboard-row">
        <button
          type="button"
          className="key key-wide"
          onClick={() => onChange(value.slice(0, -1))}
        >
          删除
        </button>
        <button type="button" className="key key-wide" onClick={() => onChange('')}>
          清空
        </button>
        <button type="button" className="key key-wide" onClick={onClose}>
          收起
        </button>
        <button type="button" className="key key-wide key-primary" onClick={onSubmit}>
          搜索
        </button>
      </div>
    </div>
  );
}
