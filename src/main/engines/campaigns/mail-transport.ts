import nodemailer from 'nodemailer';
import type { SmtpSettings } from './email-settings';
import type { OutgoingMessage } from './campaign-messages';

/** What the sender needs from SMTP; nodemailer behind it. */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export type MailTransportFactory = (settings: SmtpSettings, password: string | null) => MailTransport;

/** How an SMTP failure is counted. */
export type SendFailure = 'bounce' | 'transient' | 'connection';

export function classifyFailure(error: unknown): SendFailure {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')) return 'bounce';
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 500) return 'transient';
  return 'connection';
}

export const nodemailerTransport: MailTransportFactory = (settings, password) => {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    pool: true,
    maxConnections: 4,
    maxMessages: Number.POSITIVE_INFINITY,
    // nodemailer's logger would print the AUTH exchange; the password never reaches a log.
    logger: false,
    debug: false,
  });
  return {
    async send(m) {
      const headers: Record<string, string> = { 'List-Unsubscribe': m.links.listUnsubscribe };
      if (m.links.oneClick) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      await transporter.sendMail({
        from: m.from.name ? { name: m.from.name, address: m.from.address } : m.from.address,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
        headers,
        // Bounces go back to the sender; the SMTP rejection itself is what is counted here.
        envelope: { from: m.from.address, to: [m.to] },
      });
    },
    close: () => transporter.close(),
  };
};
