import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { DOC_CLOSE, isCoEditedEntity, type PresenceUser } from '../../../shared/co-editing/doc-channel';
import { RecordRoom, type RoomStatus } from './record-room';

const RETRY_MS = 1500;

/**
 * The record's co-editing room while the page shows it (null for records without co-edited
 * notes). Reconnects with a fresh room after a drop; a refused token is renewed first.
 */
export function useRecordRoom(entity: string, id: string, enabled: boolean): { room: RecordRoom | null; status: RoomStatus } {
  const api = useApi();
  const [room, setRoom] = useState<RecordRoom | null>(null);
  const [status, setStatus] = useState<RoomStatus>('connecting');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const session = api.currentSession;
    if (!enabled || !isCoEditedEntity(entity) || !session) {
      setRoom(null);
      return;
    }
    const me: PresenceUser = { id: session.user.id, name: session.user.full_name || session.user.username, color: '' };
    let retry: number | undefined;
    let stopped = false;
    const next = new RecordRoom(api.baseUrl, entity, id, session.access, me, (code) => {
      if (stopped) return;
      if (code === DOC_CLOSE.unauthenticated) {
        setStatus('offline');
        void api.renewSession().then((ok) => {
          if (!stopped && ok) setGeneration((g) => g + 1);
        });
        return;
      }
      if (code !== null && code >= 4400 && code < 4500 && code !== DOC_CLOSE.rateLimited) {
        setStatus('refused');
        return;
      }
      setStatus('offline');
      retry = window.setTimeout(() => setGeneration((g) => g + 1), RETRY_MS);
    });
    next.provider.on('sync', (synced: boolean) => {
      if (synced && !stopped) setStatus('live');
    });
    setStatus('connecting');
    setRoom(next);
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      next.destroy();
    };
  }, [api, entity, id, enabled, generation]);

  return { room, status };
}
