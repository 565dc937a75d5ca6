import { ApiCallError } from './api-client.js';

const LOAD_FAILED = '暂时无法加载，请稍后再试或联系工作人员';

/** Shows the plain message and a 重试 button when an API call fails. */
export function ErrorState({
  error,
  onRetry,
  notFoundText,
}: {
  error: unknown;
  onRetry: () => void;
  /** Shown instead of the generic message when the item no longer exists. */
  notFoundText?: string;
}) {
  const notFound = error instanceof ApiCallError && error.code === 'NOT_FOUND';
  return (
    <div className="status status-error" role="alert">
      <p className="status-text">
        {notFound && notFoundText ? notFoundText : LOAD_FAILED}
      </p>
      {notFound && notFoundText ? null : (
        <button type="button" className="button button-primary" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

export function LoadingState() {
  return (
    <div className="status" role="status">
      <p className="status-text">正在加载…</p>
    </div>
  );
}
