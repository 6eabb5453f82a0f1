import type { Db } from '../../db/open-database';
import type { FieldErrors } from '../../../shared/errors';
import { NOTIFICATION_TYPES, type NotificationType } from '../../../shared/contract/realtime-messages';

export interface ChannelPrefs {
  in_app: boolean;
  desktop: boolean;
}

export interface NotificationPreferences {
  types: Record<NotificationType, ChannelPrefs>;
  quiet_hours: { enabled: boolean; start: string; end: string };
}

export function defaultPreferences(): NotificationPreferences {
  return {
    types: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { in_app: true, desktop: true }])) as Record<NotificationType, ChannelPrefs>,
    quiet_hours: { enabled: false, start: '22:00', end: '07:00' },
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads preferences over the defaults. Strict (PUT input) collects errors by field path;
 * lenient (a stored value another client may have written) ignores what it does not know.
 */
export function readPreferences(raw: unknown, errors?: FieldErrors): NotificationPreferences {
  const prefs = defaultPreferences();
  const fail = (path: string, message: string) => errors && (errors[path] = [message]);
  if (raw === undefined || raw === null) return prefs;
  if (!isObject(raw)) return (fail('body', 'Expected an object with types and quiet_hours.'), prefs);
  for (const key of Object.keys(raw)) if (key !== 'types' && key !== 'quiet_hours') fail(key, 'Unknown field.');
  if (raw.types !== undefined) {
    if (!isObject(raw.types)) fail('types', 'Expected an object keyed by notification type.');
    else {
      for (const [type, channels] of Object.entries(raw.types)) {
        if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) {
          fail(`types.${type}`, `Unknown notification type. One of: ${NOTIFICATION_TYPES.join(', ')}.`);
          continue;
        }
        if (!isObject(channels)) {
          fail(`types.${type}`, 'Expected {"in_app": bool, "desktop": bool}.');
          continue;
        }
        const target = prefs.types[type as NotificationType];
        for (const [channel, value] of Object.entries(channels)) {
          if (channel !== 'in_app' && channel !== 'desktop') fail(`types.${type}.${channel}`, 'Unknown channel. One of: in_app, desktop.');
          else if (typeof value !== 'boolean') fail(`types.${type}.${channel}`, 'Must be a boolean.');
          else target[channel] = value;
        }
      }
    }
  }
  if (raw.quiet_hours !== undefined) {
    const q = raw.quiet_hours;
    if (!isObject(q)) fail('quiet_hours', 'Expected {"enabled": bool, "start": "HH:MM", "end": "HH:MM"}.');
    else {
      for (const [key, value] of Object.entries(q)) {
        if (key === 'enabled') {
          if (typeof value === 'boolean') prefs.quiet_hours.enabled = value;
          else fail('quiet_hours.enabled', 'Must be a boolean.');
        } else if (key === 'start' || key === 'end') {
          if (typeof value === 'string' && HHMM.test(value)) prefs.quiet_hours[key] = value;
          else fail(`quiet_hours.${key}`, 'Use 24-hour HH:MM, e.g. 22:00.');
        } else fail(`quiet_hours.${key}`, 'Unknown field.');
      }
    }
  }
  return prefs;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(now: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formatters.set(timeZone, f);
  }
  return f.format(now);
}

/** Whether `now` falls in the quiet hours, read in the user's time zone (UTC when unknown). */
export function inQuietHours(prefs: NotificationPreferences, timeZone: string | null, now: Date): boolean {
  const { enabled, start, end } = prefs.quiet_hours;
  if (!enabled || start === end) return false;
  const t = localTime(now, timeZone || 'UTC');
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** Preferences live on the user record (synced, so every device of a user obeys them); cached here. */
export class PreferenceBook {
  private readonly cache = new Map<string, { prefs: NotificationPreferences; timezone: string | null }>();
  private readonly read;

  constructor(db: Db) {
    this.read = db.prepare('SELECT notification_preferences, timezone FROM users WHERE id = ?');
  }

  get(userId: string): { prefs: NotificationPreferences; timezone: string | null } {
    let hit = this.cache.get(userId);
    if (!hit) {
      const row = this.read.get(userId) as { notification_preferences: string | null; timezone: string | null } | undefined;
      let raw: unknown = null;
      try {
        raw = row?.notification_preferences ? JSON.parse(row.notification_preferences) : null;
      } catch {
        raw = null;
      }
      hit = { prefs: readPreferences(raw), timezone: row?.timezone ?? null };
      this.cache.set(userId, hit);
    }
    return hit;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
