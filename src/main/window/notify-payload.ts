import { NOTIFY_LIMITS } from '../../shared/ipc-channels';

export interface NotifyPayload {
  title: string;
  body: string;
}

// Control characters are stripped rather than rejected: a notification is display text only.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Validates the `crm:notify` arguments coming from a renderer; `undefined` means drop it. */
export function parseNotifyPayload(args: readonly unknown[]): NotifyPayload | undefined {
  if (args.length !== 2) return undefined;
  const [title, body] = args;
  if (typeof title !== 'string' || typeof body !== 'string') return undefined;
  if (title.length > NOTIFY_LIMITS.title || body.length > NOTIFY_LIMITS.body) return undefined;
  const cleanTitle = title.replace(CONTROL_CHARS, '').trim();
  if (cleanTitle === '') return undefined;
  return { title: cleanTitle, body: body.replace(CONTROL_CHARS, '') };
}
