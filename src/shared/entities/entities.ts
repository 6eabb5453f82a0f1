import { bool, choice, date, datetime, decimal, email, int, json, longText, phone, ref, text, url, type EntityDef } from './field-def';
import {
  ACTIVITY_TYPES,
  COMPANY_SIZES,
  CONTACT_TYPES,
  DIRECTIONS,
  LEAD_SOURCES,
  LEAD_STATUSES,
  OPPORTUNITY_STAGES,
  PRIORITIES,
  SALUTATIONS,
  TASK_STATUSES,
  TASK_TYPES,
  USER_ROLES,
} from './enums';

const address = {
  address_line_1: text('Address line 1'),
  address_line_2: text('Address line 2'),
  city: text('City', { searchable: true }),
  state: text('State'),
  postal_code: text('Postal code'),
  country: text('Country'),
};

export const userEntity: EntityDef = {
  name: 'user',
  resource: 'users',
  table: 'users',
  label: 'User',
  titleFields: ['full_name'],
  lookupFields: ['username', 'email'],
  fields: {
    username: text('Username', { required: true, unique: true, searchable: true, maxLength: 150 }),
    email: email('Email', { required: true, unique: true, searchable: true }),
    first_name: text('First name', { searchable: true }),
    last_name: text('Last name', { searchable: true }),
    full_name: text('Full name', { readOnly: true }),
    role: choice('Role', USER_ROLES, { default: 'sales_rep' }),
    phone: phone('Phone'),
    department: text('Department'),
    is_active: bool('Active', { default: true }),
    timezone: text('Time zone', { default: 'UTC', maxLength: 64 }),
    language: text('Language', { default: 'en', maxLength: 16 }),
    notification_preferences: json('Notification preferences'),
    last_login: datetime('Last login', { readOnly: true, local: true }),
  },
};

export const companyEntity: EntityDef = {
  name: 'company',
  resource: 'companies',
  table: 'companies',
  label: 'Company',
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: {
    name: text('Name', { required: true, searchable: true }),
    domain: text('Domain', { searchable: true }),
    industry: text('Industry', { searchable: true }),
    size: choice('Size', COMPANY_SIZES),
    annual_revenue: decimal('Annual revenue', { min: 0 }),
    currency: text('Currency', { maxLength: 3 }),
    phone: phone('Phone'),
    website: url('Website'),
    ...address,
    description: longText('Description'),
    owner: ref('Owner', 'user', { defaultsToCaller: true }),
  },
};

export const contactEntity: EntityDef = {
  name: 'contact',
  resource: 'contacts',
  table: 'contacts',
  label: 'Contact',
  titleFields: ['first_name', 'last_name'],
  lookupFields: ['email'],
  fields: {
    salutation: choice('Salutation', SALUTATIONS),
    first_name: text('First name', { searchable: true }),
    last_name: text('Last name', { required: true, searchable: true }),
    email: email('Email', { required: true, unique: true, searchable: true }),
    phone: phone('Phone', { searchable: true }),
    mobile: phone('Mobile'),
    company: ref('Company', 'company'),
    company_name: text('Company name', { searchable: true }),
    job_title: text('Job title', { searchable: true }),
    department: text('Department'),
    ...address,
    contact_type: choice('Contact type', CONTACT_TYPES, { default: 'prospect' }),
    source: text('Source'),
    status: text('Status', { default: 'active' }),
    website: url('Website'),
    linkedin: url('LinkedIn'),
    twitter: text('Twitter'),
    assigned_to: ref('Assigned to', 'user', { defaultsToCaller: true }),
    notes: longText('Notes', { searchable: true }),
    email_opt_out: bool('Email opt-out', { default: false }),
  },
};

export const leadEntity: EntityDef = {
  name: 'lead',
  resource: 'leads',
  table: 'leads',
  label: 'Lead',
  titleFields: ['first_name', 'last_name', 'company_name'],
  lookupFields: ['email'],
  fields: {
    first_name: text('First name', { searchable: true }),
    last_name: text('Last name', { searchable: true }),
    email: email('Email', { required: true, searchable: true }),
    phone: phone('Phone', { searchable: true }),
    company_name: text('Company name', { searchable: true }),
    job_title: text('Job title', { searchable: true }),
    lead_source: choice('Lead source', LEAD_SOURCES, { default: 'website' }),
    status: choice('Status', LEAD_STATUSES, { default: 'new' }),
    priority: choice('Priority', PRIORITIES, { default: 'medium' }),
    assigned_to: ref('Assigned to', 'user'),
    owner: ref('Owner', 'user', { defaultsToCaller: true }),
    lead_score: int('Lead score', { min: 0, max: 100, default: 0 }),
    estimated_value: decimal('Estimated value', { min: 0 }),
    currency: text('Currency', { maxLength: 3 }),
    last_contact_date: datetime('Last contact date'),
    next_follow_up: datetime('Next follow-up'),
    notes: longText('Notes', { searchable: true }),
    converted_at: datetime('Converted at', { readOnly: true }),
    converted_contact: ref('Converted contact', 'contact', { readOnly: true }),
    converted_opportunity: ref('Converted opportunity', 'opportunity', { readOnly: true }),
  },
};

export const opportunityEntity: EntityDef = {
  name: 'opportunity',
  resource: 'opportunities',
  table: 'opportunities',
  label: 'Opportunity',
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: {
    name: text('Name', { required: true, searchable: true }),
    contact: ref('Contact', 'contact', { required: true }),
    company: ref('Company', 'company'),
    stage: choice('Stage', OPPORTUNITY_STAGES, { default: 'prospecting' }),
    probability: int('Probability', { min: 0, max: 100 }),
    amount: decimal('Amount', { required: true, min: 0 }),
    currency: text('Currency', { maxLength: 3 }),
    close_date: date('Expected close date', { required: true }),
    actual_close_date: date('Actual close date', { readOnly: true }),
    owner: ref('Owner', 'user', { defaultsToCaller: true }),
    assigned_to: ref('Assigned to', 'user'),
    description: longText('Description', { searchable: true }),
    notes: longText('Notes'),
    weighted_amount: decimal('Weighted amount', { readOnly: true }),
    last_activity_date: datetime('Last activity date'),
    lead: ref('Source lead', 'lead', { readOnly: true }),
  },
};

export const taskEntity: EntityDef = {
  name: 'task',
  resource: 'tasks',
  table: 'tasks',
  label: 'Task',
  titleFields: ['title'],
  lookupFields: ['title'],
  fields: {
    title: text('Title', { required: true, searchable: true }),
    description: longText('Description', { searchable: true }),
    task_type: choice('Task type', TASK_TYPES, { default: 'other' }),
    status: choice('Status', TASK_STATUSES, { default: 'pending' }),
    priority: choice('Priority', PRIORITIES, { default: 'medium' }),
    due_date: datetime('Due date'),
    reminder_date: datetime('Reminder date'),
    completed_at: datetime('Completed at', { readOnly: true }),
    assigned_to: ref('Assigned to', 'user', { defaultsToCaller: true }),
    contact: ref('Contact', 'contact'),
    lead: ref('Lead', 'lead'),
    opportunity: ref('Opportunity', 'opportunity'),
    company: ref('Company', 'company'),
  },
};

export const activityEntity: EntityDef = {
  name: 'activity',
  resource: 'activities',
  table: 'activities',
  label: 'Activity',
  titleFields: ['subject'],
  lookupFields: ['subject'],
  fields: {
    activity_type: choice('Activity type', ACTIVITY_TYPES, { required: true }),
    direction: choice('Direction', DIRECTIONS),
    subject: text('Subject', { required: true, searchable: true }),
    body: longText('Body', { searchable: true }),
    occurred_at: datetime('Occurred at'),
    duration: int('Duration (seconds)', { min: 0 }),
    user: ref('User', 'user', { defaultsToCaller: true }),
    contact: ref('Contact', 'contact'),
    lead: ref('Lead', 'lead'),
    opportunity: ref('Opportunity', 'opportunity'),
    company: ref('Company', 'company'),
  },
};

export const ENTITIES: readonly EntityDef[] = [userEntity, companyEntity, contactEntity, leadEntity, opportunityEntity, taskEntity, activityEntity];

const byName = new Map(ENTITIES.map((e) => [e.name, e]));
const byResource = new Map(ENTITIES.map((e) => [e.resource, e]));

export function entityByName(name: string): EntityDef | undefined {
  return byName.get(name);
}

export function entityByResource(resource: string): EntityDef | undefined {
  return byResource.get(resource);
}
