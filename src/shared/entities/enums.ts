/** Enum values are part of the API contract: scripts written for the original system use them. */
export const USER_ROLES = ['admin', 'manager', 'sales_rep', 'marketing', 'customer_support', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export const LEAD_SOURCES = ['website', 'referral', 'social_media', 'email_campaign', 'cold_call', 'trade_show', 'advertisement', 'other'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted', 'lost'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const SALUTATIONS = ['mr', 'mrs', 'ms', 'dr', 'prof'] as const;
export const CONTACT_TYPES = ['customer', 'prospect', 'vendor', 'partner'] as const;
export const OPPORTUNITY_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];
/** Probability a stage implies when the client does not set one. */
export const STAGE_PROBABILITY: Record<OpportunityStage, number> = {
  prospecting: 10,
  qualification: 25,
  proposal: 50,
  negotiation: 75,
  closed_won: 100,
  closed_lost: 0,
};
export const TASK_TYPES = ['call', 'email', 'meeting', 'follow_up', 'proposal', 'demo', 'other'] as const;
export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'sms', 'other'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

/** Roles that may only read. */
export const READ_ONLY_ROLES: readonly UserRole[] = ['viewer'];
