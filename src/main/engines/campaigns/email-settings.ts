import type { Db } from '../../db/open-database';
import { validationError, type FieldErrors } from '../../../shared/errors';
import type { SecretStore } from '../sync';
import { newTrackingSecret } from './tracking-links';
import { isJsonObject } from '../../core/json-object';
import type { EmailSettings as EmailSettingsView } from '../../../shared/contract/campaign-types';

/** The SMTP password's key in the install's secret store (the OS keychain on the desktop). */
const PASSWORD_SECRET = 'email.smtp_password';

/** The stored settings: what the API shows, less what it derives (`tracking_base_url` null: no relay, so no tracking links). */
export type SmtpSettings = Omit<EmailSettingsView, 'password_set' | 'configured' | 'tracking'>;

type Stored = SmtpSettings;

const KEY = 'email.smtp';
const SECRET_KEY = 'email.tracking_secret';
/** The team relay's tracking key and public base URL, kept here by the sync client while in a team. */
const TEAM_KEY = 'email.team_tracking';

export interface TeamTracking {
  key: string;
  tracking_base_url: string;
}
const FIELDS = ['host', 'port', 'secure', 'username', 'password', 'rate_limit_per_minute', 'rate_limit_per_hour', 'tracking_base_url'];

/** The SMTP account and tracking base URL of this install (settings table, admin only). */
export class EmailSettings {
  private readonly sql;

  /** The password lives in `secrets`, never in the settings row, a response or a log. */
  constructor(
    db: Db,
    private readonly secrets: SecretStore,
  ) {
    this.sql = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      set: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      del: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  /** As saved by the admin, without the team's overlay. */
  private saved(): Stored | null {
    const raw = this.sql.get.get(KEY) as string | undefined;
    return raw ? (JSON.parse(raw) as Stored) : null;
  }

  private stored(): Stored | null {
    const s = this.saved();
    if (!s) return null;
    // In a team, the links go to the team's relay, signed with the team's key.
    const team = this.teamTracking();
    return team ? { ...s, tracking_base_url: team.tracking_base_url } : s;
  }

  teamTracking(): TeamTracking | null {
    const raw = this.sql.get.get(TEAM_KEY) as string | undefined;
    return raw ? (JSON.parse(raw) as TeamTracking) : null;
  }

  /** Set by the sync client when the install is in a team (null when it leaves). */
  useTeamTracking(team: TeamTracking | null): void {
    if (!team) this.sql.del.run(TEAM_KEY);
    else this.sql.set.run(TEAM_KEY, JSON.stringify(team));
  }

  /** What the API shows: everything but the password, plus whether one is set. */
  view(): SmtpSettings & { password_set: boolean; configured: boolean; tracking: boolean } {
    const s = this.stored();
    const base: SmtpSettings = s ?? {
      host: '',
      port: 587,
      secure: false,
      username: '',
      rate_limit_per_minute: null,
      rate_limit_per_hour: null,
      tracking_base_url: null,
    };
    const { host, port, secure, username, rate_limit_per_minute, rate_limit_per_hour, tracking_base_url } = base;
    return {
      host,
      port,
      secure,
      username,
      rate_limit_per_minute,
      rate_limit_per_hour,
      tracking_base_url,
      password_set: this.secrets.get(PASSWORD_SECRET) !== null,
      configured: !!s?.host,
      tracking: !!tracking_base_url,
    };
  }

  current(): SmtpSettings | null {
    const s = this.stored();
    return s && s.host ? s : null;
  }

  /** For the mail transport only. */
  password(): string | null {
    return this.secrets.get(PASSWORD_SECRET);
  }

  trackingSecret(): string {
    const team = this.teamTracking();
    if (team) return team.key;
    const existing = this.sql.get.get(SECRET_KEY) as string | undefined;
    if (existing) return existing;
    const secret = newTrackingSecret();
    this.sql.set.run(SECRET_KEY, secret);
    return secret;
  }

  update(body: unknown): void {
    if (!isJsonObject(body)) throw validationError({ non_field_errors: ['Invalid data. Expected a JSON object.'] });
    const input = body;
    const errors: FieldErrors = {};
    for (const key of Object.keys(input)) if (!FIELDS.includes(key)) errors[key] = ['Unknown field.'];
    const prior = this.saved();
    const host = input.host ?? prior?.host;
    if (typeof host !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(host)) errors.host = ['A host name or IP address is required.'];
    const port = input.port ?? prior?.port ?? 587;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) errors.port = ['A port between 1 and 65535 is required.'];
    const secure = input.secure ?? prior?.secure ?? false;
    if (typeof secure !== 'boolean') errors.secure = ['Must be a valid boolean.'];
    const username = input.username ?? prior?.username ?? '';
    if (typeof username !== 'string' || username.length > 320 || /[\r\n]/.test(username)) errors.username = ['A one-line text of at most 320 characters.'];
    if (input.password !== undefined && input.password !== null && (typeof input.password !== 'string' || input.password.length > 1000))
      errors.password = ['Must be a text of at most 1000 characters.'];
    const limit = (name: 'rate_limit_per_minute' | 'rate_limit_per_hour') => {
      const v = name in input ? input[name] : (prior?.[name] ?? null);
      if (v !== null && (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 1_000_000)) errors[name] = ['A positive integer, or null for no limit.'];
      return v as number | null;
    };
    const perMinute = limit('rate_limit_per_minute');
    const perHour = limit('rate_limit_per_hour');
    const tracking = 'tracking_base_url' in input ? input.tracking_base_url : (prior?.tracking_base_url ?? null);
    if (tracking !== null && (typeof tracking !== 'string' || !isHttpUrl(tracking)))
      errors.tracking_base_url = ['An http(s) URL, or null when the team has no relay.'];
    if (Object.keys(errors).length) throw validationError(errors);
    const stored: Stored = {
      host: host as string,
      port: port as number,
      secure: secure as boolean,
      username: username as string,
      rate_limit_per_minute: perMinute,
      rate_limit_per_hour: perHour,
      tracking_base_url: tracking as string | null,
    };
    this.sql.set.run(KEY, JSON.stringify(stored));
    if (input.password === null || input.password === '') this.secrets.delete(PASSWORD_SECRET);
    else if (typeof input.password === 'string') this.secrets.set(PASSWORD_SECRET, input.password);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.search && !u.hash && !u.username;
  } catch {
    return false;
  }
}
