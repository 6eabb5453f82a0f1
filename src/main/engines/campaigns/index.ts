export { createCampaigns, type CampaignsModule, type CampaignsDeps } from './create-campaigns';
export { campaignHandlers } from './campaign-handlers';
export type { MailTransportFactory } from './mail-transport';
export type { TrackingEvent, TrackingResult } from './tracking-events';
export { verifyLink } from './tracking-links';
