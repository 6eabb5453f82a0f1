import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { recordHref } from '../../app/hash-route';
import { Icon } from '../../app/Icon';
import { asApiError } from '../../ui/as-api-error';
import { EmptyState } from '../../ui/EmptyState';
import { useToast } from '../../ui/toast-context';
import { ConvertLeadDialog } from '../leads/ConvertLeadDialog';
import { RecordFormDialog } from '../record-form/RecordFormDialog';
import type { ResourceDef } from '../records/record-resources';
import { recordTitle } from '../records/record-title';
import { StatusBadge } from '../records/StatusBadge';
import { CustomFieldsPanel } from './CustomFieldsPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { FieldGroups } from './FieldGroups';
import { RELATIONS } from './related-config';
import { RelatedList } from './RelatedList';
import { TimelinePanel } from './TimelinePanel';
import { useRecord } from './use-record';
import { FieldHistoryPanel } from '../history/FieldHistoryPanel';
import { QuickActions } from '../record-actions/QuickActions';
import type { QuickKind } from '../record-actions/quick-links';
import { StagePath } from '../record-actions/StagePath';
import { recordVersion } from '../record-form/form-diff';
import { useRecordShortcuts } from '../shortcuts/use-record-shortcuts';
import { MergeDialog } from '../duplicates/MergeDialog';
import { useRecordRoom } from '../co-editing/use-record-room';
import { useRoomOthers } from '../co-editing/use-room-others';
import { PresenceAvatars } from '../co-editing/PresenceAvatars';
import { LiveNotes } from '../co-editing/LiveNotes';
import { recordOp } from '../../../shared/contract/signatures';

/** Kinds of record a duplicate can be merged into. */
const MERGEABLE = new Set(['leads', 'contacts', 'companies']);

const HEADLINE_ENUMS = ['status', 'stage', 'priority', 'activity_type', 'contact_type'];

export function RecordDetailScreen({ resource, id }: { resource: ResourceDef; id: string }) {
  const api = useApi();
  const toast = useToast();
  const { record, error, reload, setRecord } = useRecord(resource, id);
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const [quick, setQuick] = useState<QuickKind | undefined>();
  const [tab, setTab] = useState<'details' | 'history'>('details');
  const [nextStep, setNextStep] = useState(false);
  const [moving, setMoving] = useState(false);
  const [merging, setMerging] = useState(false);
  const live = record !== undefined && typeof record.deleted_at !== 'string';
  const { room, status: roomStatus } = useRecordRoom(resource.entity.name, id, live);
  const others = useRoomOthers(room);
  useRecordShortcuts(live && !editing && !quick && !converting && !merging, { edit: () => setEditing(true), log: () => setQuick('call') });

  if (error) {
    return (
      <div className="card">
        <EmptyState
          title={error.status === 404 ? `This ${resource.singular} does not exist` : 'Could not load this record'}
          action={<a href={`#/${resource.name}`}>Back to {resource.name}</a>}
        >
          {error.status === 404 ? 'It may have been deleted permanently, or the link is wrong.' : error.message}
        </EmptyState>
      </div>
    );
  }
  if (!record)
    return (
      <div className="muted pad" data-testid="detail-loading">
        Loading…
      </div>
    );

  const deleted = typeof record.deleted_at === 'string';
  const title = recordTitle(resource, record);

  async function act(label: string, run: () => Promise<unknown>, undo?: () => void) {
    try {
      await run();
      toast(label, undo ? { action: { label: 'Undo', run: undo } } : undefined);
      reload();
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
  }
  const restore = () => void act(`${resource.entity.label} restored`, () => api.call(recordOp(resource.name, 'restore'), { params: { id } }));

  async function completeTask() {
    await act('Task completed', () => api.call('tasks.complete', { params: { id } }));
    setNextStep(true);
  }

  async function move(field: string, value: string) {
    if (!record) return;
    setMoving(true);
    const version = recordVersion(record);
    try {
      const saved = await api.call(recordOp(resource.name, 'update'), {
        params: { id },
        body: { [field]: value },
        headers: version ? { 'If-Match': `"${version}"` } : undefined,
      });
      setRecord(saved);
      toast(`Moved to ${value.replace(/_/g, ' ')}`);
    } catch (err) {
      const e = asApiError(err);
      toast(e.status === 409 ? 'Someone else changed this record meanwhile; it has been reloaded.' : (e.fieldMessage(field) ?? e.message), { tone: 'error' });
      reload();
    } finally {
      setMoving(false);
    }
  }

  return (
    <div className="detail-screen" data-testid="record-detail" data-id={id}>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href={`#/${resource.name}`}>{resource.title}</a> <span aria-hidden="true">/</span> <span>{title}</span>
      </nav>
      <header className="detail-header card">
        <div className="detail-title">
          <span className="count-icon">
            <Icon name={resource.icon} size={20} />
          </span>
          <div>
            <h2 data-testid="detail-title">{title}</h2>
            <div className="detail-badges">
              <span className="muted">{resource.entity.label}</span>
              {HEADLINE_ENUMS.filter((f) => typeof record[f] === 'string' && f in resource.fields).map((f) => (
                <StatusBadge key={f} value={String(record[f])} />
              ))}
              {deleted && <span className="badge badge-red">deleted</span>}
            </div>
          </div>
          <PresenceAvatars others={others} />
        </div>
        <div className="header-actions">
          {deleted ? (
            <button type="button" className="button primary" onClick={restore} data-testid="restore-record">
              <Icon name="restore" size={15} /> Restore
            </button>
          ) : (
            <>
              {resource.name === 'leads' && record.status !== 'converted' && (
                <button type="button" className="button primary" onClick={() => setConverting(true)} data-testid="convert-lead">
                  <Icon name="convert" size={15} /> Convert
                </button>
              )}
              {resource.name === 'tasks' && record.status !== 'completed' && (
                <button type="button" className="button primary" onClick={() => void completeTask()} data-testid="complete-task">
                  <Icon name="check" size={15} /> Complete
                </button>
              )}
              <button type="button" className="button ghost" onClick={() => setEditing(true)} data-testid="edit-record" aria-keyshortcuts="E" title="Edit (E)">
                <Icon name="edit" size={15} /> Edit
              </button>
              {MERGEABLE.has(resource.name) && (
                <button type="button" className="button ghost" onClick={() => setMerging(true)} data-testid="merge-record">
                  Merge…
                </button>
              )}
              <button
                type="button"
                className="button ghost danger"
                onClick={() => void act(`${resource.entity.label} deleted`, () => api.call(recordOp(resource.name, 'destroy'), { params: { id } }), restore)}
                data-testid="delete-record"
              >
                <Icon name="trash" size={15} /> Delete
              </button>
            </>
          )}
        </div>
      </header>
      {deleted && (
        <div className="alert info" role="status" data-testid="deleted-notice">
          This {resource.singular} is deleted and shown read-only. Restore it to change it again.
        </div>
      )}
      {typeof (record.status ?? record.stage) === 'string' && (
        <StagePath
          resourceName={resource.name}
          value={String(resource.name === 'opportunities' ? record.stage : record.status)}
          locked={deleted || record.status === 'converted'}
          busy={moving}
          onMove={(field, value) => void move(field, value)}
        />
      )}
      {!deleted && <QuickActions resource={resource} record={record} open={quick} onOpenChange={setQuick} />}
      {nextStep && resource.name === 'tasks' && (
        <div className="alert success next-step" role="status" data-testid="next-step">
          <span>Task completed. What is the next step?</span>
          <span className="next-step-actions">
            <button
              type="button"
              className="button small primary"
              onClick={() => {
                setNextStep(false);
                setQuick('task');
              }}
              data-testid="next-task"
            >
              Plan a follow-up task
            </button>
            <button
              type="button"
              className="button small ghost"
              onClick={() => {
                setNextStep(false);
                setQuick('call');
              }}
            >
              Log a call
            </button>
            <button type="button" className="button small ghost" onClick={() => setNextStep(false)}>
              Not now
            </button>
          </span>
        </div>
      )}
      {resource.name === 'leads' && typeof record.converted_contact === 'object' && record.converted_contact !== null && (
        <div className="alert info">
          Converted to a contact: <a href={recordHref('contacts', String((record.converted_contact as { id: string }).id))}>open the contact</a>
        </div>
      )}
      <div className="detail-grid">
        <div className="detail-main">
          <ConflictsPanel entity={resource.entity.name} id={id} onSettled={reload} />
          <div className="detail-tabs" role="tablist" aria-label="Record sections">
            <button
              type="button"
              role="tab"
              id="tab-details"
              aria-selected={tab === 'details'}
              aria-controls="panel-details"
              onClick={() => setTab('details')}
              data-testid="tab-details"
            >
              Details
            </button>
            <button
              type="button"
              role="tab"
              id="tab-history"
              aria-selected={tab === 'history'}
              aria-controls="panel-history"
              onClick={() => setTab('history')}
              data-testid="tab-history"
            >
              History
            </button>
          </div>
          {tab === 'details' ? (
            <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="stack">
              {room && <LiveNotes room={room} status={roomStatus} readOnly={api.currentSession?.user.role === 'viewer'} />}
              <FieldGroups resource={resource} record={record} onSaved={deleted ? undefined : setRecord} />
              <CustomFieldsPanel model={resource.entity.name} record={record} />
            </div>
          ) : (
            <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" className="card detail-section">
              <FieldHistoryPanel entity={resource.entity.name} id={id} />
            </div>
          )}
        </div>
        <aside className="detail-side">
          {RELATIONS[resource.name].map((rel) => (
            <RelatedList key={rel.resource} resourceName={rel.resource} filter={rel.filter} id={id} detail={rel.detail} />
          ))}
          <TimelinePanel entity={resource.entity.name} id={id} />
        </aside>
      </div>
      {editing && (
        <RecordFormDialog
          resource={resource}
          record={record}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setRecord(saved);
            setEditing(false);
            toast('Changes saved');
          }}
        />
      )}
      {merging && <MergeDialog resource={resource} record={record} onClose={() => setMerging(false)} onMerged={reload} />}
      {converting && <ConvertLeadDialog lead={record} onClose={() => setConverting(false)} />}
    </div>
  );
}
