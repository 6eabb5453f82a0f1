/** Shapes of the campaign API (spec section 2) as the screens read them. */
export interface EmailTemplate {
  id: string;
  name: string;
  subject: string;
  body_html: string;
  body_text: string | null;
  variables: string[];
  category: string | null;
  updated_at: string;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'paused' | 'cancelled' | 'failed';

export interface AbTest {
  variants: { key: string; subject?: string; template?: string }[];
  test_share: number;
  winner_metric: 'clicks' | 'opens';
  duration_minutes: number;
  winner: string | null;
  test_ends_at: string | null;
}

export interface EmailCampaign {
  id: string;
  name: string;
  template: string | null;
  segment_filter: Record<string, string>;
  scheduled_send: string | null;
  from_email: string;
  from_name: string | null;
  track_clicks: boolean;
  ab_test: AbTest | null;
  status: CampaignStatus;
  failure: string | null;
  tracking: boolean;
  progress: { total: number; done: number; queued: number };
  started_at: string | null;
  finished_at: string | null;
}

export interface StatsCounts {
  total_recipients: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
  open_rate: number;
  click_rate: number;
  bounce_rate: number;
  machine_opened: number;
}

export interface CampaignStats extends StatsCounts {
  variants: ({ variant: string } & StatsCounts)[];
  hourly: { hour: string; opens: number; clicks: number }[];
}

export interface AudienceCount {
  matched: number;
  eligible: number;
  excluded: { unsubscribed: number; bounced: number; no_email: number };
}

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  rate_limit_per_minute: number | null;
  rate_limit_per_hour: number | null;
  tracking_base_url: string | null;
  password_set: boolean;
  configured: boolean;
  tracking: boolean;
}

export const STATUS_BADGE: Record<CampaignStatus, string> = {
  draft: 'badge', scheduled: 'badge badge-blue', sending: 'badge badge-amber', sent: 'badge badge-green',
  paused: 'badge badge-violet', cancelled: 'badge', failed: 'badge badge-red',
};
