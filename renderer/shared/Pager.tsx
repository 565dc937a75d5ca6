/** Renders the big 上一页/下一页 buttons under every list, with the page position. */
export function Pager({
  page,
  pageCount,
  onPage,
}: {
  /** Zero-based. */
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
}) {
  const last = Math.max(pageCount - 1, 0);
  return (
    <nav className="pager" aria-label="翻页">
      <button
        type="button"
        className="button pager-button"
        disabled={page <= 0}
        onClick={() => onPage(page - 1)}
      >
        上一页
      </button>
      <span className="pager-position">
        第 {Math.min(page, last) + 1} / {last + 1} 页
      </span>
      <button
        type="button"
        className="button pager-button"
        disabled={page >= last}
        onClick={() => onPage(page + 1)}
      >
        下一页
      </button>
    </nav>
  );
}
