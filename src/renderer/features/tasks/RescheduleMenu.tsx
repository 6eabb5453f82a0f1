import { useState } from 'react';
import { Popover } from '../../ui/Popover';

function at(daysFromToday: number, hour = 9): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  d.setHours(hour, 0, 0, 0);
  return d.toISOString();
}

function nextMonday(): string {
  const d = new Date();
  const days = (8 - d.getDay()) % 7 || 7;
  return at(days);
}

/** Moves a task's due date: tomorrow, next Monday, in a week, or a moment the person picks. */
export function RescheduleMenu({ title, onPick }: { title: string; onPick: (iso: string) => void }) {
  const [custom, setCustom] = useState('');
  return (
    <Popover label="Reschedule" buttonClass="button small ghost" testId="reschedule" align="end" title={`Reschedule “${title}”`}>
      {(close) => {
        const pick = (iso: string) => {
          onPick(iso);
          close();
        };
        return (
          <div className="reschedule-menu">
            <button type="button" className="menu-item" onClick={() => pick(at(1))} data-testid="reschedule-tomorrow">
              Tomorrow, 9:00
            </button>
            <button type="button" className="menu-item" onClick={() => pick(nextMonday())}>
              Next Monday, 9:00
            </button>
            <button type="button" className="menu-item" onClick={() => pick(at(7))}>
              In a week
            </button>
            <form
              className="reschedule-custom"
              onSubmit={(e) => {
                e.preventDefault();
                const d = new Date(custom);
                if (!Number.isNaN(d.getTime())) pick(d.toISOString());
              }}
            >
              <label htmlFor="reschedule-at" className="small muted">
                Or pick a moment
              </label>
              <input id="reschedule-at" type="datetime-local" value={custom} onChange={(e) => setCustom(e.target.value)} />
              <button type="submit" className="button small primary" disabled={!custom}>
                Move
              </button>
            </form>
          </div>
        );
      }}
    </Popover>
  );
}
