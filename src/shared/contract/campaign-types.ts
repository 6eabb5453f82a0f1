/**
 * The answer shapes of the campaign API (spec section 2), declared once: the campaigns engine
 * returns them and the renderer reads them (each kept its own copy before).
 */
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATES)[number];

export interface EmailTemplate {
  id: string;
  name: string;
  subject: string;
  body_html: string;
  body_text: string | null;
  variables: string[];
  category: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignVariant {
  key: string;
  subject?: string;
  template?: string;
}

export interface CampaignAbTest {
  variants: CampaignVariant[];
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
  segment_filter: Record<string, unknown>;
  scheduled_send: string | null;
  from_email: string;
  from_name: string | null;
  track_clicks: boolean;
  ab_test: CampaignAbTest | null;
  status: CampaignStatus;
  failure: string | null;
  /** Open and click tracking need the team relay; without it this is false. */
  tracking: boolean;
  progress: { total: number; done: number; queued: number };
  created_by: string | null;
  created_at: string;
  updated_at: string;
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
  /** Recipients whose only opens came from privacy proxies: not in `opened`. */
  machine_opened: number;
  queued: number;
  failed: number;
  suppressed: number;
}

export interface CampaignStats extends StatsCounts {
  variants: ({ variant: string } & StatsCounts)[];
  hourly: { hour: string; opens: number; clicks: number }[];
}

export interface AudienceCount {
  /** Contacts the filter selects. */
  matched: number;
  /** Who would be mailed. */
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
