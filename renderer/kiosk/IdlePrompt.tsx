/**
 * Shows the 还在使用吗？ countdown before the idle timeout clears the session.
 * A tap anywhere on it continues, like the 继续使用 button.
 */
export function IdlePrompt({
  secondsLeft,
  onContinue,
}: {
  secondsLeft: number;
  onContinue: () => void;
}) {
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
      onClick={onContinue}
    >
      <div className="dialog idle-dialog">
        <h2 id="idle-title" className="dialog-title">
          还在使用吗？
        </h2>
        <p id="idle-text" className="idle-text">
          <span className="idle-seconds">{secondsLeft}</span>{' '}
          秒后将清除本次查询，回到开始画面
        </p>
        <button
          type="button"
          className="button button-primary button-huge"
          onClick={onContinue}
        >
          继续使用
        </button>
      </div>
    </div>
  );
}
