import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { NOTIFICATION_TYPES, type NotificationType } from '../../../shared/contract/realtime-messages';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { listEnvelope, pageOf } from '../query';
import type { RecordsEngine } from '../records';
import { readPreferences } from './notification-preferences';
import type { NotificationsEngine } from './notifications-engine';

function single(req: HandlerRequest, name: string, errors: FieldErrors): string | undefined {
  const v = req.query[name];
  if (Array.isArray(v)) {
    errors[name] = ['Give this parameter once.'];
    return undefined;
  }
  return v;
}

function listFilter(req: HandlerRequest) {
  const errors: FieldErrors = {};
  const isReadText = single(req, 'is_read', errors);
  let isRead: boolean | null = null;
  if (isReadText !== undefined) {
    if (['true', '1'].includes(isReadText.toLowerCase())) isRead = true;
    else if (['false', '0'].includes(isReadText.toLowerCase())) isRead = false;
    else errors.is_read = ['Must be true or false.'];
  }
  const typeText = single(req, 'type', errors);
  let types: NotificationType[] | null = null;
  if (typeText !== undefined) {
    const list = typeText
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const bad = list.filter((t) => !(NOTIFICATION_TYPES as readonly string[]).includes(t));
    if (bad.length || list.length === 0) errors.type = [`Unknown type "${bad.join(', ')}". One of: ${NOTIFICATION_TYPES.join(', ')}.`];
    else types = list as NotificationType[];
  }
  const { page, pageSize } = pageOf(req.query);
  if (Object.keys(errors).length) throw validationError(errors);
  return { isRead, types, page, pageSize };
}

/** REST over the caller's own inbox: every statement is scoped by the caller's id. */
export function notificationHandlers(deps: { engine: NotificationsEngine; records: RecordsEngine }): HandlerMap {
  const { engine, records } = deps;
  const me = (req: HandlerRequest) => requireCaller(req).id;
  return {
    'notifications.list': (req) => {
      const f = listFilter(req);
      const { count, results } = engine.store.list(me(req), { isRead: f.isRead, types: f.types, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
      if (f.page > 1 && (f.page - 1) * f.pageSize >= count) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
      return listEnvelope({ count, page: f.page, pageSize: f.pageSize, rows: [] }, results, req);
    },
    'notifications.unread_count': (req) => {
      return { unread_count: engine.store.unreadCount(me(req)) };
    },
    'notifications.retrieve': (req) => {
      return engine.store.get(me(req), req.params.id) ?? notFoundError();
    },
    'notifications.mark_read': (req) => {
      if (!engine.store.get(me(req), req.params.id)) throw notFound('Notification');
      engine.markRead(me(req), req.params.id);
      return engine.store.get(me(req), req.params.id);
    },
    'notifications.mark_all_read': (req) => {
      const marked = engine.markAllRead(me(req));
      return { marked, unread_count: engine.store.unreadCount(me(req)) };
    },
    'notifications.destroy': (req) => {
      if (!engine.store.remove(me(req), req.params.id, engine.now())) throw notFound('Notification');
      return undefined;
    },
    'notifications.preferences': (req) => {
      return engine.preferences.get(me(req)).prefs;
    },
    'notifications.update_preferences': (req) => {
      const errors: FieldErrors = {};
      const prefs = readPreferences(req.body ?? {}, errors);
      if (Object.keys(errors).length) throw validationError(errors);
      // Through the one write path: the preferences are a synced field of the user record.
      records.update('user', me(req), { notification_preferences: prefs }, { actor: me(req), origin: req.origin });
      engine.preferences.forget(me(req));
      return engine.preferences.get(me(req)).prefs;
    },
  };
}

function notFoundError(): never {
  throw notFound('Notification');
}
