import { useEffect, useRef, useState, type ReactNode } from 'react';

interface PopoverProps {
  label: ReactNode;
  children: (close: () => void) => ReactNode;
  buttonClass?: string;
  testId?: string;
  align?: 'start' | 'end';
  title?: string;
}

/** A button with a panel under it; Esc or a click elsewhere closes it. */
export function Popover({ label, children, buttonClass = 'button ghost', testId, align = 'start', title }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="popover-root"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={buttonClass}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
        title={title}
      >
        {label}
      </button>
      {open && (
        <div className={`popover ${align}`} role="dialog">
          {children(close)}
        </div>
      )}
    </div>
  );
}
