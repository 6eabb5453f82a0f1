export { createCampaigns, type CampaignsModule, type CampaignsDeps } from './create-campaigns';
export { campaignHandlers } from './campaign-handlers';
export { plainSecretBox, type SecretBox } from './email-settings';
export type { MailTransportFactory } from './mail-transport';
export type { TrackingEvent, TrackingResult } from './tracking-events';
export { verifyLink } from './tracking-links';
