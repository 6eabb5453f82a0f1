import type { JsonSchema, Operation } from './operation';

const STATUS: JsonSchema = {
  type: 'object',
  properties: {
    state: {
      type: 'string',
      enum: ['disabled', 'connecting', 'connected', 'offline', 'error', 'removed'],
      description: "`removed`: the team removed this member; nothing more is synced, and `wipe/` deletes the team's data here",
    },
    pending: { type: 'integer', description: 'Local changes the relay has not acknowledged' },
    last_seq: { type: 'integer', description: 'The last team sequence number applied here' },
    bootstrap: { type: ['object', 'null'], properties: { done: { type: 'integer' }, total: { type: 'integer' } } },
    last_error: { type: ['string', 'null'] },
    team: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, relay_url: { type: 'string' }, account_id: { type: 'string' } },
    },
  },
};

const RELAY_URL = { type: 'string', format: 'uri', description: 'The team relay, e.g. https://relay.example.com' };

const RELAY_LIST: JsonSchema = {
  type: 'object',
  properties: {
    relay_urls: { type: 'array', items: { type: 'string' }, description: 'The relay instances this install fails over between, in order' },
    current: { type: 'string', description: 'The instance in use now' },
  },
};

const COMPACTION: JsonSchema = {
  type: 'object',
  properties: {
    epoch: { type: 'integer', description: "The team's compaction epoch (0: never compacted)" },
    state: { type: 'string', enum: ['compacting', 'ready'], description: '`compacting` while the relay rewrites the histories' },
    stats: {
      type: 'object',
      description: 'records, rewritten, kept (left as they were: a rewrite would not read the same), bytes_before, bytes_after, started_at, finished_at',
    },
    this_install: { type: 'object', description: 'The epoch this install holds, and its re-bootstrap to a newer one (state, staged, swapped, reauthored)' },
  },
};

/** Team sync: connect this install to a team's relay (sync-server/), invite, join, watch. */
export const SYNC_OPERATIONS: Operation[] = [
  {
    id: 'sync.status',
    method: 'GET',
    path: '/api/v1/sync/status/',
    summary: "This install's team connection: state, pending changes, last applied sequence, bootstrap progress",
    tag: 'Sync',
    access: 'read',
    response: STATUS,
  },
  {
    id: 'sync.create_team',
    method: 'POST',
    path: '/api/v1/sync/team/',
    summary: 'Create a team on a relay with you as its admin, and connect this install',
    tag: 'Sync',
    access: 'admin',
    status: 201,
    requestBody: {
      type: 'object',
      required: ['relay_url', 'team_name', 'email', 'password'],
      additionalProperties: false,
      properties: {
        relay_url: RELAY_URL,
        team_name: { type: 'string', maxLength: 100 },
        email: { type: 'string', format: 'email' },
        password: { type: 'string', minLength: 8, writeOnly: true },
      },
    },
    response: STATUS,
  },
  {
    id: 'sync.invite',
    method: 'POST',
    path: '/api/v1/sync/invites/',
    summary: 'A one-time invite code for a new member (team admins)',
    tag: 'Sync',
    access: 'admin',
    status: 201,
    requestBody: {
      type: 'object',
      required: ['email', 'role'],
      additionalProperties: false,
      properties: { email: { type: 'string', format: 'email' }, role: { type: 'string' } },
    },
    response: {
      type: 'object',
      properties: { code: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' }, email: { type: 'string' }, role: { type: 'string' } },
    },
  },
  {
    id: 'sync.join',
    method: 'POST',
    path: '/api/v1/sync/join/',
    summary: "Join a team from a new install with an invite code: creates your account here, signs you in and pulls the team's data",
    tag: 'Sync',
    access: 'public',
    status: 201,
    requestBody: {
      type: 'object',
      required: ['relay_url', 'invite_code', 'email', 'password'],
      additionalProperties: false,
      properties: {
        relay_url: RELAY_URL,
        invite_code: { type: 'string' },
        email: { type: 'string', format: 'email' },
        password: { type: 'string', minLength: 8, writeOnly: true },
      },
    },
  },
  {
    id: 'sync.members',
    method: 'GET',
    path: '/api/v1/sync/members/',
    summary: "The team's members and their roles, from the relay",
    tag: 'Sync',
    access: 'read',
  },
  {
    id: 'sync.remove_member',
    method: 'DELETE',
    path: '/api/v1/sync/members/{id}/',
    summary: 'Remove a member from the team (team admins): their devices receive nothing more',
    tag: 'Sync',
    access: 'admin',
    status: 204,
  },
  {
    id: 'sync.relay',
    method: 'GET',
    path: '/api/v1/sync/relay/',
    summary: "The team relay's instances this install fails over between, and the one in use",
    tag: 'Sync',
    access: 'read',
    response: RELAY_LIST,
  },
  {
    id: 'sync.set_relay',
    method: 'PUT',
    path: '/api/v1/sync/relay/',
    summary:
      'Set the relay instances to fail over between (what a load balancer does): on a failed connect or a lost connection the install moves to the next, resuming from its cursor',
    tag: 'Sync',
    access: 'admin',
    requestBody: {
      type: 'object',
      required: ['relay_urls'],
      additionalProperties: false,
      properties: {
        relay_urls: {
          type: 'array',
          minItems: 1,
          maxItems: 8,
          items: { type: 'string', format: 'uri', description: 'http(s):// or ws(s):// address of one relay instance' },
        },
      },
    },
    response: RELAY_LIST,
  },
  {
    id: 'sync.compaction',
    method: 'GET',
    path: '/api/v1/sync/compaction/',
    summary: "The team's compaction of its record histories (schema 3): the relay's epoch, state and figures, and this install's re-bootstrap to that epoch",
    tag: 'Sync',
    access: 'read',
    response: COMPACTION,
  },
  {
    id: 'sync.compact',
    method: 'POST',
    path: '/api/v1/sync/compaction/',
    summary:
      "Start the team-wide compaction (team admins): the relay rewrites every record's history in the compact schema, then each device downloads the team's records again and re-applies its unsent edits. 409 while one runs. Update every install first: older versions stay refused until updated.",
    tag: 'Sync',
    access: 'admin',
    status: 202,
    response: COMPACTION,
  },
  {
    id: 'sync.disconnect',
    method: 'POST',
    path: '/api/v1/sync/disconnect/',
    summary: 'Leave the team on this install: the data stays here, syncing stops',
    tag: 'Sync',
    access: 'admin',
    response: STATUS,
  },
  {
    id: 'sync.wipe',
    method: 'POST',
    path: '/api/v1/sync/wipe/',
    tag: 'Sync',
    access: 'read',
    summary:
      "Delete the team's data from this computer (an admin of this install, or the member the team removed): records, documents, audit trail, notifications; this install's own sign-in accounts stay. Not while connected to a team.",
    requestBody: {
      type: 'object',
      required: ['confirm'],
      additionalProperties: false,
      properties: { confirm: { type: 'string', enum: ['wipe'], description: 'Must be "wipe": the deletion cannot be undone' } },
    },
    response: { type: 'object', properties: { wiped: { type: 'object' }, status: STATUS } },
  },
];
