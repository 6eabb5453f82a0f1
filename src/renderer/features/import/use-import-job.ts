import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import type { ImportJob } from './import-types';

const POLL_MS = 400;

/** Follows a running import until it completes, fails or is undone. */
export function useImportJob(initial: ImportJob | undefined) {
  const api = useApi();
  const [job, setJob] = useState<ImportJob | undefined>(initial);
  useEffect(() => setJob(initial), [initial]);

  const running = job?.status === 'running';
  const id = job?.id;
  useEffect(() => {
    if (!running || !id) return;
    let stopped = false;
    const tick = () => {
      api
        .call('imports.retrieve', { params: { id } })
        .then((next) => {
          if (stopped) return;
          setJob(next);
          if (next.status === 'running') window.setTimeout(tick, POLL_MS);
        })
        .catch(() => !stopped && window.setTimeout(tick, POLL_MS * 4));
    };
    const timer = window.setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [api, id, running]);

  return [job, setJob] as const;
}
