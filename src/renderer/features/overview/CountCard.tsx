import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { Icon } from '../../app/Icon';
import { RESOURCES, type ResourceName } from '../records/record-resources';

const numberFormat = new Intl.NumberFormat();

export function CountCard({ resource }: { resource: ResourceName }) {
  const api = useApi();
  const def = RESOURCES[resource];
  const [count, setCount] = useState<number | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api
      .list(resource, { page: 1, page_size: 1 }, controller.signal)
      .then((page) => setCount(page.count))
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [api, resource]);

  return (
    <a className="card count-card" href={`#/${resource}`} data-testid={`count-card-${resource}`}>
      <span className="count-icon">
        <Icon name={def.icon} size={20} />
      </span>
      <span className="count-label">{def.title}</span>
      <span className="count-value">{failed ? '—' : count === undefined ? '…' : numberFormat.format(count)}</span>
    </a>
  );
}
