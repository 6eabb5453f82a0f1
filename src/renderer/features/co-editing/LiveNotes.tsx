import { useEffect, useRef } from 'react';
import type { RecordRoom, RoomStatus } from './record-room';
import { bindTextarea } from './textarea-binding';
import './co-editing.css';

const STATUS_TEXT: Record<RoomStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live: everyone with this record open edits together',
  offline: 'Reconnecting… your typing is kept and sent when back',
  refused: 'Live editing is not available for this record',
};

interface Props {
  room: RecordRoom | null;
  status: RoomStatus;
  readOnly: boolean;
}

/**
 * The record's notes, edited by everyone who has the record open at once: each keystroke is
 * a change to the shared text, merged character by character with the others' typing. The
 * engine writes the text into the record's `notes` field after a pause.
 */
export function LiveNotes({ room, status, readOnly }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!room || !ref.current) return;
    return bindTextarea(ref.current, room.text);
  }, [room]);

  return (
    <section className="card detail-section live-notes" data-testid="live-notes">
      <div className="live-notes-head">
        <h3 id="live-notes-title">Notes</h3>
        <span className={`live-notes-status ${status}`} data-testid="live-notes-status" role="status">
          {STATUS_TEXT[status]}
        </span>
      </div>
      <textarea
        ref={ref}
        className="live-notes-text"
        aria-labelledby="live-notes-title"
        data-testid="notes-editor"
        rows={6}
        readOnly={readOnly || !room}
        placeholder={readOnly ? 'No notes yet.' : 'Add notes; others with this record open see your typing as you go.'}
      />
    </section>
  );
}
