import { useState } from 'react';
import { Icon } from '../../app/Icon';
import { asApiError } from '../../ui/as-api-error';
import { Popover } from '../../ui/Popover';
import { useToast } from '../../ui/toast-context';
import { SaveViewDialog } from './SaveViewDialog';
import { useSavedViews, type SavedView } from './use-saved-views';

interface SavedViewsMenuProps {
  model: string;
  query: string;
  columns: string[];
  onApply: (view: SavedView) => void;
}

/** Named views of a list (query + columns), personal or shared with the team. */
export function SavedViewsMenu({ model, query, columns, onApply }: SavedViewsMenuProps) {
  const { views, error, create, update, remove } = useSavedViews(model);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const unavailable = error?.status === 404;

  return (
    <>
      <Popover
        testId="saved-views"
        label={
          <>
            <Icon name="bookmark" size={15} /> Views{views.length > 0 ? ` (${views.length})` : ''}
          </>
        }
      >
        {(close) => (
          <div className="views-menu" data-testid="saved-views-menu">
            <div className="popover-title">Saved views</div>
            {unavailable && <p className="muted small">Saved views are not available on this server yet.</p>}
            {error && !unavailable && <p className="field-error">{error.message}</p>}
            {!error && views.length === 0 && <p className="muted small">No saved views yet. Filter the list, then save it here.</p>}
            <ul className="menu-list">
              {views.map((v) => (
                <li key={v.id} className="menu-item">
                  <button
                    type="button"
                    className="menu-button"
                    onClick={() => {
                      onApply(v);
                      close();
                    }}
                    data-testid="saved-view"
                  >
                    {v.name}
                    {v.is_shared && <span className="badge badge-violet">shared</span>}
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    title="Update with the current filters and columns"
                    aria-label={`Update ${v.name}`}
                    onClick={() =>
                      void update(v.id, { query, columns }).then(
                        () => toast(`View “${v.name}” updated`),
                        (e: unknown) => toast(asApiError(e).message, { tone: 'error' }),
                      )
                    }
                  >
                    <Icon name="restore" size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Delete ${v.name}`}
                    onClick={() => void remove(v.id).catch((e: unknown) => toast(asApiError(e).message, { tone: 'error' }))}
                  >
                    <Icon name="trash" size={14} />
                  </button>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="button ghost small block"
              disabled={unavailable}
              onClick={() => {
                close();
                setSaving(true);
              }}
              data-testid="save-view"
            >
              <Icon name="plus" size={14} /> Save current view…
            </button>
          </div>
        )}
      </Popover>
      {saving && (
        <SaveViewDialog
          onClose={() => setSaving(false)}
          onSave={async (name, isShared) => {
            await create({ name, model, query, columns, is_shared: isShared });
            toast(`View “${name}” saved`);
            setSaving(false);
          }}
        />
      )}
    </>
  );
}
