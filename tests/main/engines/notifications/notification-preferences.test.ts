import { describe, expect, it } from 'vitest';
import { defaultPreferences, inQuietHours, readPreferences } from '../../../../src/main/engines/notifications';

describe('notification preferences', () => {
  it('fills what is left out with the defaults', () => {
    const prefs = readPreferences({ types: { reminder: { desktop: false } } });
    expect(prefs.types.reminder).toEqual({ in_app: true, desktop: false });
    expect(prefs.types.assignment).toEqual({ in_app: true, desktop: true });
    expect(prefs.quiet_hours).toEqual(defaultPreferences().quiet_hours);
  });

  it('names every bad field in strict mode and ignores them in lenient mode', () => {
    const errors = {};
    const raw = { types: { gossip: {}, mention: { in_app: 'yes', sms: true } }, quiet_hours: { start: '25:00', enabled: 1 }, colour: 'red' };
    readPreferences(raw, errors);
    expect(Object.keys(errors).sort()).toEqual([
      'colour',
      'quiet_hours.enabled',
      'quiet_hours.start',
      'types.gossip',
      'types.mention.in_app',
      'types.mention.sms',
    ]);
    expect(readPreferences(raw).types.mention).toEqual({ in_app: true, desktop: true });
    expect(readPreferences('junk')).toEqual(defaultPreferences());
  });

  it('reads quiet hours in the user time zone, across midnight', () => {
    const prefs = readPreferences({ quiet_hours: { enabled: true, start: '22:00', end: '07:00' } });
    expect(inQuietHours(prefs, 'UTC', new Date('2025-03-01T23:00:00Z'))).toBe(true);
    expect(inQuietHours(prefs, 'UTC', new Date('2025-03-01T07:00:00Z'))).toBe(false);
    expect(inQuietHours(prefs, 'America/New_York', new Date('2025-03-01T23:00:00Z'))).toBe(false); // 18:00 there
    expect(inQuietHours(prefs, 'Not/AZone', new Date('2025-03-01T06:59:00Z'))).toBe(true);
    const day = readPreferences({ quiet_hours: { enabled: true, start: '12:00', end: '14:00' } });
    expect(inQuietHours(day, null, new Date('2025-03-01T13:00:00Z'))).toBe(true);
    expect(inQuietHours(defaultPreferences(), 'UTC', new Date('2025-03-01T23:00:00Z'))).toBe(false);
  });
});
