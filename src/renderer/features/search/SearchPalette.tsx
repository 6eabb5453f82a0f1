import { useEffect, useRef, useState } from 'react';
import { formatHash, recordHref } from '../../app/hash-route';
import { Icon } from '../../app/Icon';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { RESOURCES } from '../records/record-resources';
import { useGlobalSearch, type SearchHit } from './use-global-search';

/** Ctrl/Cmd+K: one search over every record type; arrows move, Enter opens, Esc closes. */
export function SearchPalette({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(text, 150);
  const { groups, loading } = useGlobalSearch(debounced);
  const hits: SearchHit[] = groups.flatMap((g) => g.hits);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [debounced]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    window.location.hash = recordHref(hit.resource, hit.id);
    onClose();
  };

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(hits[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }

  let index = -1;
  return (
    <div className="backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Search everything" data-testid="search-palette" onKeyDown={onKeyDown}>
        <div className="palette-input">
          <Icon name="search" size={18} />
          <input
            ref={input}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Search leads, contacts, companies, deals, tasks…"
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls="palette-results"
            aria-activedescendant={hits[active] ? `hit-${hits[active].id}` : undefined}
            data-testid="palette-input"
          />
          <kbd>Esc</kbd>
        </div>
        <div className="palette-results" id="palette-results" role="listbox">
          {!text.trim() && <p className="palette-hint">Type a name, an email, a company or a deal.</p>}
          {text.trim() && !loading && groups.length === 0 && debounced === text && (
            <p className="palette-hint" data-testid="palette-empty">
              Nothing matches “{text.trim()}”.
            </p>
          )}
          {groups.map((g) => (
            <div key={g.resource} className="palette-group" data-testid={`palette-group-${g.resource}`}>
              <div className="palette-group-title">
                <span>{RESOURCES[g.resource].title}</span>
                {g.count > g.hits.length && (
                  <a href={formatHash(g.resource, { search: text.trim() })} onClick={onClose}>
                    All {g.count}
                  </a>
                )}
              </div>
              {g.hits.map((hit) => {
                index += 1;
                const i = index;
                return (
                  <div
                    key={hit.id}
                    id={`hit-${hit.id}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'palette-hit active' : 'palette-hit'}
                    onMouseMove={() => setActive(i)}
                    onClick={() => open(hit)}
                    data-testid="palette-hit"
                  >
                    <Icon name={RESOURCES[hit.resource].icon} size={16} />
                    <span className="hit-title">{hit.title}</span>
                    <span className="hit-detail">{hit.detail}</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <footer className="palette-footer muted small">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> move
          </span>
          <span>
            <kbd>Enter</kbd> open
          </span>
        </footer>
      </div>
    </div>
  );
}
