import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { FieldDef } from '../../../shared/entities/field-def';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { recordVersion } from '../record-form/form-diff';
import { FieldInput } from '../record-form/FieldInput';
import { toApiValue, toFormValue, type FormValue } from '../record-form/form-values';
import type { ResourceDef } from '../records/record-resources';
import type { ApiRecord } from '../records/record-title';
import { formatValue } from '../records/format-value';
import { recordOp } from '../../../shared/contract/signatures';

interface Props {
  resource: ResourceDef;
  record: ApiRecord;
  field: string;
  def: FieldDef;
  /** The value as the page shows it. */
  children: ReactNode;
  onSaved: (record: ApiRecord) => void;
}

/**
 * A field edited where it is shown: click (or Enter on) the pencil, change, Enter saves,
 * Esc cancels. The save names the version the value was read from, so a value someone else
 * changed meanwhile is reported, not overwritten.
 */
export function InlineField({ resource, record, field, def, children, onSaved }: Props) {
  const api = useApi();
  const id = useId();
  const [editing, setEditing] = useState<FormValue | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const editorRef = useRef<HTMLDivElement>(null);
  const open = editing !== undefined;
  useEffect(() => {
    if (open) editorRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [open]);

  async function save() {
    if (editing === undefined) return;
    setBusy(true);
    setMessage(undefined);
    const version = recordVersion(record);
    try {
      const saved = await api.call(recordOp(resource.name, 'update'), {
        params: { id: String(record.id) },
        body: { [field]: toApiValue(def, editing, false) },
        headers: version ? { 'If-Match': `"${version}"` } : undefined,
      });
      setEditing(undefined);
      onSaved(saved);
    } catch (err) {
      const e = asApiError(err);
      if (e.status === 409 && e.code === 'conflict') {
        const theirs = field in e.current ? e.current[field] : undefined;
        setMessage(
          `Someone else changed this meanwhile${theirs !== undefined ? ` to "${formatValue(def.kind, theirs) || 'empty'}"` : ''}. Save again to replace it with yours.`,
        );
        // The page reloads the record live; saving again is then made knowing their value.
      } else {
        setMessage(e.fieldMessage(field) ?? e.message);
      }
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      setEditing(undefined);
      setMessage(undefined);
    } else if (event.key === 'Enter' && def.kind !== 'longtext') {
      event.preventDefault();
      void save();
    }
  }

  if (editing === undefined) {
    return (
      <div className="inline-field">
        <div className="inline-value">{children}</div>
        <button
          type="button"
          className="inline-edit"
          aria-label={`Edit ${def.label}`}
          onClick={() => setEditing(toFormValue(def, record[field]))}
          data-testid={`inline-edit-${field}`}
        >
          <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" />
          </svg>
        </button>
      </div>
    );
  }
  return (
    <div ref={editorRef} className="inline-editor" onKeyDown={onKeyDown} data-testid={`inline-editor-${field}`}>
      <label htmlFor={id} className="visually-hidden">
        {def.label}
      </label>
      <FieldInput
        id={id}
        name={field}
        def={def}
        value={editing}
        onChange={setEditing}
        invalid={Boolean(message)}
        describedBy={message ? `${id}-msg` : undefined}
      />
      <div className="inline-actions">
        <button type="button" className="button small primary" disabled={busy} onClick={() => void save()} data-testid={`inline-save-${field}`}>
          Save
        </button>
        <button
          type="button"
          className="button small ghost"
          onClick={() => {
            setEditing(undefined);
            setMessage(undefined);
          }}
        >
          Cancel
        </button>
      </div>
      {message && (
        <div className="field-error" id={`${id}-msg`} role="alert">
          {message}
        </div>
      )}
    </div>
  );
}
