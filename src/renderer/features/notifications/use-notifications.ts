import { useCallback, useEffect, useState } from 'react';
import type { NotificationView } from '../../../shared/contract/realtime-messages';
import { useApi } from '../../app/api-context';
import { desktopBridge } from '../../app/desktop-bridge';
import { useRealtime } from '../../realtime/realtime-context';

/** Unread notifications over REST, kept live by `/ws/notifications/`. */
export function useNotifications() {
  const api = useApi();
  const { notifications: socket } = useRealtime();
  const [items, setItems] = useState<NotificationView[]>([]);
  const [unread, setUnread] = useState(0);

  const load = useCallback(() => {
    api
      .call('notifications.list', { query: { is_read: false, page_size: 20 } })
      .then((page) => {
        setItems(page.results);
        setUnread(page.count);
      })
      .catch(() => undefined);
  }, [api]);

  useEffect(load, [load]);

  useEffect(
    () =>
      socket.onMessage((m) => {
        if (m.type === 'connection_established') {
          if (typeof m.unread_count === 'number') setUnread(m.unread_count);
          if (m.gap) load();
        } else if (m.type === 'notification') {
          setItems((all) => [m.notification, ...all.filter((n) => n.id !== m.notification.id)].slice(0, 50));
          setUnread((c) => c + 1);
          if (m.desktop) desktopBridge()?.notify(m.notification.title, m.notification.message);
        } else if (m.type === 'notification_read') {
          setUnread(m.unread_count);
          setItems((all) => (m.ids === 'all' ? [] : all.filter((n) => !m.ids.includes(n.id))));
        }
      }),
    [socket, load],
  );

  const markRead = async (id: string) => {
    setItems((all) => all.filter((n) => n.id !== id));
    setUnread((c) => Math.max(0, c - 1));
    await api.call('notifications.mark_read', { params: { id } }).catch(load);
  };
  const markAllRead = async () => {
    setItems([]);
    setUnread(0);
    await api.call('notifications.mark_all_read').catch(load);
  };
  return { items, unread, markRead, markAllRead };
}
