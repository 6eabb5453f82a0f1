import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { resourceOfEntity } from '../records/record-resources';
import { briefLabel, recordTitle } from '../records/record-title';
import type { FormValue, RefValue } from './form-values';
import { recordOp } from '../../../shared/contract/signatures';

interface RefPickerProps {
  id: string;
  name: string;
  target: string;
  value: RefValue | null;
  onChange: (value: FormValue) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'data-testid'?: string;
}

type Option = RefValue & { detail?: string };

/** Type to search the target's list endpoint; arrows and Enter pick; the id is what is sent. */
export function RefPicker({ id, name, target, value, onChange, ...aria }: RefPickerProps) {
  const [text, setText] = useState(value?.label ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useDebouncedValue(text, 200);

  useEffect(() => setText(value?.label ?? ''), [value?.id, value?.label]);

  // A record type's list, or the users' (an owner, an assignee); read while the list is open.
  const resource = resourceOfEntity(target);
  const input = { query: { search: search.trim() || undefined, page_size: 8 } };
  const records = useApiQuery(recordOp(resource?.name ?? 'leads', 'list'), input, {
    enabled: open && resource !== undefined,
    placeholderData: keepPreviousData,
  });
  const users = useApiQuery('users.list', input, { enabled: open && resource === undefined, placeholderData: keepPreviousData });
  const page = resource ? records.data : users.data;
  const options = useMemo<Option[]>(
    () =>
      (page?.results ?? []).map((r) => ({
        id: r.id,
        label: resource ? recordTitle(resource, r) : briefLabel(r),
        detail: typeof r.email === 'string' ? r.email : undefined,
      })),
    [page, resource],
  );
  useEffect(() => setActive(0), [page]);

  function pick(option: Option | null) {
    onChange(option ? { id: option.id, label: option.label } : null);
    setText(option?.label ?? '');
    setOpen(false);
  }

  const listId = `${id}-options`;
  return (
    <div className="ref-picker">
      <input
        id={id}
        name={name}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        value={text}
        placeholder="Search…"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (e.target.value === '') onChange(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && open && options[active]) {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
        {...aria}
      />
      {open && options.length > 0 && (
        <ul className="ref-options" id={listId} role="listbox">
          {options.map((o, i) => (
            <li
              key={o.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              data-testid="ref-option"
            >
              <span>{o.label}</span>
              {o.detail && <span className="muted small">{o.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
