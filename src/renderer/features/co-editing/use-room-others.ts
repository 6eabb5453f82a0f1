import { useEffect, useState } from 'react';
import type { PresenceUser } from '../../../shared/co-editing/doc-channel';
import type { RecordRoom } from './record-room';

/** The others in the room, kept current as they come and go. */
export function useRoomOthers(room: RecordRoom | null): PresenceUser[] {
  const [others, setOthers] = useState<PresenceUser[]>([]);
  useEffect(() => {
    if (!room) {
      setOthers([]);
      return;
    }
    const update = () => setOthers(room.others());
    update();
    room.provider.awareness.on('change', update);
    return () => room.provider.awareness.off('change', update);
  }, [room]);
  return others;
}
