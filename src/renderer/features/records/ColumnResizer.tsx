import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { COLUMN_WIDTH } from '../../../shared/contract/preference-operations';

interface ColumnResizerProps {
  label: string;
  width: number;
  /** While dragging: the width to show. */
  onDrag: (width: number) => void;
  /** Released (or moved with the arrow keys): the width to keep. */
  onDone: (width: number) => void;
}

const KEY_STEP = 16;

function clamp(width: number): number {
  return Math.round(Math.min(COLUMN_WIDTH.max, Math.max(COLUMN_WIDTH.min, width)));
}

/** The grip on a header's right edge: drag it, or focus it and use the arrow keys. */
export function ColumnResizer({ label, width, onDrag, onDone }: ColumnResizerProps) {
  const drag = useRef<{ x: number; width: number; last: number } | null>(null);

  const down = (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width, last: width };
  };
  const move = (e: PointerEvent<HTMLSpanElement>) => {
    if (!drag.current) return;
    drag.current.last = clamp(drag.current.width + e.clientX - drag.current.x);
    onDrag(drag.current.last);
  };
  const up = () => {
    if (!drag.current) return;
    const { last, width: before } = drag.current;
    drag.current = null;
    if (last !== before) onDone(last);
  };
  const key = (e: KeyboardEvent<HTMLSpanElement>) => {
    const by = e.key === 'ArrowRight' ? KEY_STEP : e.key === 'ArrowLeft' ? -KEY_STEP : 0;
    if (!by) return;
    e.preventDefault();
    onDone(clamp(width + by));
  };
  return (
    <span
      className="column-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label}`}
      aria-valuenow={width}
      aria-valuemin={COLUMN_WIDTH.min}
      aria-valuemax={COLUMN_WIDTH.max}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={key}
    />
  );
}
