import type { CampaignStatus } from '../../../shared/contract/campaign-types';

/** The campaign API's shapes live once, in the shared contract. */
export type {
  AudienceCount,
  CampaignAbTest as AbTest,
  CampaignStats,
  CampaignStatus,
  EmailCampaign,
  EmailSettings,
  EmailTemplate,
  StatsCounts,
} from '../../../shared/contract/campaign-types';

export const STATUS_BADGE: Record<CampaignStatus, string> = {
  draft: 'badge',
  scheduled: 'badge badge-blue',
  sending: 'badge badge-amber',
  sent: 'badge badge-green',
  paused: 'badge badge-violet',
  cancelled: 'badge',
  failed: 'badge badge-red',
};
