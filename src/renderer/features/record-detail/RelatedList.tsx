import { useEffect, useState } from 'react';
import type { Page } from '../../api/api-client';
import { useApi } from '../../app/api-context';
import { formatHash, recordHref } from '../../app/hash-route';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { CellValue } from '../records/CellValue';
import { columnFor, RESOURCES, type ResourceName } from '../records/record-resources';
import { recordTitle, type ApiRecord } from '../records/record-title';
import { recordOp } from '../../../shared/contract/signatures';

const SHOWN = 5;

/** A few linked records through a list filter (`/opportunities/?company=<id>`), and a way to all. */
export function RelatedList({ resourceName, filter, id, detail }: { resourceName: ResourceName; filter: string; id: string; detail: string }) {
  const api = useApi();
  const resource = RESOURCES[resourceName];
  const [page, setPage] = useState<Page<ApiRecord> | undefined>();
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  useEntityChanges([resource.entity.name], () => setVersion((v) => v + 1));

  useEffect(() => {
    const controller = new AbortController();
    api
      .call(recordOp(resourceName, 'list'), { query: { [filter]: id, page_size: SHOWN, ordering: '-created_at' }, signal: controller.signal })
      .then(setPage)
      .catch(() => !controller.signal.aborted && setFailed(true));
    return () => controller.abort();
  }, [api, resourceName, filter, id, version]);

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
