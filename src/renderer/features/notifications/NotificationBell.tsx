import { Icon } from '../../app/Icon';
import { Popover } from '../../ui/Popover';
import { formatDateTime } from '../records/format-value';
import { useNotifications } from './use-notifications';

export function NotificationBell() {
  const { items, unread, markRead, markAllRead } = useNotifications();
  return (
    <Popover
      testId="notifications-bell"
      align="end"
      buttonClass="button ghost icon-only bell"
      title={unread > 0 ? `${unread} unread notifications` : 'Notifications'}
      label={
        <>
          <Icon name="bell" size={18} />
          {unread > 0 && (
            <span className="bell-count" data-testid="unread-count">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </>
      }
    >
      {(close) => (
        <div className="notifications-panel" data-testid="notifications-panel">
          <div className="panel-header">
            <strong>Notifications</strong>
            {items.length > 0 && (
              <button type="button" className="link-button" onClick={() => void markAllRead()} data-testid="mark-all-read">
                Mark all read
              </button>
            )}
          </div>
          {items.length === 0 && <p className="muted small pad">You are all caught up.</p>}
          <ul className="notification-list">
            {items.map((n) => (
              <li key={n.id} className="notification" data-testid="notification">
                <a
                  href={n.url ? `#${n.url}` : undefined}
                  onClick={() => {
                    void markRead(n.id);
                    close();
                  }}
                >
                  <strong>{n.title}</strong>
                  <span>{n.message}</span>
                  <span className="muted small">
                    {formatDateTime(n.created_at)}
                    {n.actor?.full_name ? ` · ${n.actor.full_name}` : ''}
                  </span>
                </a>
                <button type="button" className="icon-button" aria-label="Mark read" title="Mark read" onClick={() => void markRead(n.id)}>
                  <Icon name="check" size={14} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Popover>
  );
}
