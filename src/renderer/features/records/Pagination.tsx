import { Icon } from '../../app/Icon';

export function Pagination({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav className="pagination" aria-label="Pages" data-testid="pagination">
      <button
        type="button"
        className="button ghost icon-only"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        aria-label="Previous page"
        data-testid="page-prev"
      >
        <Icon name="chevronLeft" size={16} />
      </button>
      <span className="page-indicator" data-testid="page-indicator">
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className="button ghost icon-only"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
        aria-label="Next page"
        data-testid="page-next"
      >
        <Icon name="chevronRight" size={16} />
      </button>
    </nav>
  );
}
