import { useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { useSubmit } from '../../ui/use-submit';
import { editableFields } from '../record-form/form-values';
import { formatValue } from '../records/format-value';
import type { ResourceDef } from '../records/record-resources';
import type { ApiRecord } from '../records/record-title';
import type { DuplicateCandidate } from './use-possible-duplicates';
import { recordOp } from '../../../shared/contract/signatures';
import { useApiQuery } from '../../api/use-api-query';

interface Props {
  resource: ResourceDef;
  record: ApiRecord;
  onClose: () => void;
  onMerged: () => void;
}

const PROBE = ['email', 'first_name', 'last_name', 'name', 'domain'];

function shown(resource: ResourceDef, field: string, value: unknown): string {
  const def = resource.fields[field];
  return def ? formatValue(def.kind, value) : String(value ?? '');
}

/**
 * Merge a duplicate into this record: pick the duplicate, then, field by field, which value
 * stays. Its tasks, activities, deals and contacts move here; it is deleted; Undo puts it all back.
 */
export function MergeDialog({ resource, record, onClose, onMerged }: Props) {
  const api = useApi();
  const toast = useToast();
  const [chosen, setChosen] = useState<string | undefined>();
  const latest = useRef<string | undefined>(undefined);
  const [other, setOther] = useState<ApiRecord | undefined>();
  const [take, setTake] = useState<Set<string>>(new Set());

  const query: Record<string, string> = { model: resource.entity.name, exclude: record.id };
  for (const f of PROBE) if (typeof record[f] === 'string' && record[f]) query[f] = String(record[f]);
  const found = useApiQuery('duplicates.find', { query });
  const candidates: DuplicateCandidate[] | undefined = found.isError ? [] : found.data?.results.filter((c) => c.model === resource.entity.name);

  // The choice shows at once; the duplicate's fields follow when it has been read.
  const choose = (id: string) => {
    setChosen(id);
    latest.current = id;
    setOther(undefined);
    setTake(new Set());
    void api.call(recordOp(resource.name, 'retrieve'), { params: { id } }).then((r) => latest.current === id && setOther(r));
  };

  const { busy, error, submit } = useSubmit(async () => {
    if (!other) return;
    const done = await api.call('duplicates.merge', {
      body: { model: resource.entity.name, keep: record.id, merge: other.id, take: [...take] },
    });
    toast(`Merged; ${done.moved} linked ${done.moved === 1 ? 'record' : 'records'} moved here`, {
      action: { label: 'Undo', run: () => void api.call('duplicates.undo_merge', { params: { id: done.id } }).then(onMerged) },
    });
    onMerged();
    onClose();
  });

  const differing = other
    ? editableFields(resource.entity.fields)
        .map(([f]) => f)
        .filter((f) => shown(resource, f, record[f]) !== shown(resource, f, other[f]))
    : [];
  const toggle = (field: string, fromOther: boolean) =>
    setTake((prev) => {
      const next = new Set(prev);
      if (fromOther) next.add(field);
      else next.delete(field);
      return next;
    });

  return (
    <Dialog title={`Merge a duplicate into this ${resource.singular}`} onClose={onClose} wide testId="merge-dialog">
      <form className="form-stack" onSubmit={submit}>
        <ErrorBanner error={error} />
        {!candidates && <p className="muted">Looking for duplicates…</p>}
        {candidates?.length === 0 && (
          <p className="muted" data-testid="merge-none">
            No likely duplicate found (same email, name or domain).
          </p>
        )}
        {candidates && candidates.length > 0 && (
          <fieldset className="form-section">
            <legend>Duplicate to merge into this one</legend>
            {candidates.map((c) => (
              <label key={c.id} className="role-check">
                <input type="radio" name="merge-candidate" checked={chosen === c.id} onChange={() => choose(c.id)} data-testid="merge-candidate" />
                {c.label} <span className="muted small">({c.reasons.join(', ')})</span>
              </label>
            ))}
          </fieldset>
        )}
        {other && (
          <table className="settings-table" data-testid="merge-fields">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Keep (this record)</th>
                <th scope="col">Duplicate</th>
              </tr>
            </thead>
            <tbody>
              {differing.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    Every field is the same; only the linked records move.
                  </td>
                </tr>
              )}
              {differing.map((f) => (
                <tr key={f} data-testid={`merge-field-${f}`}>
                  <th scope="row">{resource.fields[f]?.label ?? f}</th>
                  <td>
                    <label className="role-check">
                      <input type="radio" name={`merge-${f}`} checked={!take.has(f)} onChange={() => toggle(f, false)} />
                      {shown(resource, f, record[f]) || <em className="muted">empty</em>}
                    </label>
                  </td>
                  <td>
                    <label className="role-check">
                      <input type="radio" name={`merge-${f}`} checked={take.has(f)} onChange={() => toggle(f, true)} data-testid="merge-take" />
                      {shown(resource, f, other[f]) || <em className="muted">empty</em>}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !other || other.id !== chosen} data-testid="merge-submit">
            Merge
          </button>
        </div>
      </form>
    </Dialog>
  );
}
