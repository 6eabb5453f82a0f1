import { useApiQuery } from '../../api/use-api-query';
import { formatHash, recordHref } from '../../app/hash-route';
import { CellValue } from '../records/CellValue';
import { columnFor, RESOURCES, type ResourceName } from '../records/record-resources';
import { recordTitle } from '../records/record-title';
import { recordOp } from '../../../shared/contract/signatures';

const SHOWN = 5;

/** A few linked records through a list filter (`/opportunities/?company=<id>`), and a way to all. */
export function RelatedList({ resourceName, filter, id, detail }: { resourceName: ResourceName; filter: string; id: string; detail: string }) {
  const resource = RESOURCES[resourceName];
  // Read again when a record of this model changes (the cache's invalidation from /ws/activity/).
  const { data: page, isError: failed } = useApiQuery(recordOp(resourceName, 'list'), { query: { [filter]: id, page_size: SHOWN, ordering: '-created_at' } });

  const column = columnFor(resource, detail);
  return (
    <section className="card related" data-testid={`related-${resourceName}`}>
      <header className="related-header">
        <h3>
          {resource.title} <span className="count-pill">{page?.count ?? '…'}</span>
        </h3>
        {page && page.count > SHOWN && <a href={formatHash(resourceName, { [filter]: id })}>View all</a>}
      </header>
      {failed && <p className="muted small pad">Could not load {resource.name}.</p>}
      {page && page.count === 0 && <p className="muted small pad">No {resource.name} linked yet.</p>}
      <ul className="related-list">
        {page?.results.map((r) => (
          <li key={r.id}>
            <a href={recordHref(resourceName, r.id)}>{recordTitle(resource, r)}</a>
            <span className="related-detail">
              <CellValue column={column} record={r} resourceName={resourceName} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
