import { AppError } from '../../../src/shared/errors';
import { READ_ONLY_ROLES, type UserRole } from '../../../src/shared/entities/enums';
import {
  MAX_FRAME_BYTES,
  MAX_PULL_LIMIT,
  SYNC_PROTOCOL_VERSION,
  type ClientFrame,
  MAX_DOCUMENT_SCHEMA_VERSION,
  MIN_DOCUMENT_SCHEMA_VERSION,
} from '../../../src/shared/sync/sync-protocol';
import type { RelayCore } from './relay-core';
import { notificationFields, wire } from './relay-core';
import { CLOSE_CODES, type RelaySession } from './relay-session';
import { validateEnvelope } from './validate-envelope';
import { StaleEpochError } from '../store/update-store';

/** Room left in a frame for headers and per-item framing. */
const PAGE_BUDGET = MAX_FRAME_BYTES - 96 * 1024;
const DEFAULT_PULL_LIMIT = 500;

type Handlers = { [K in ClientFrame['type']]: (s: RelaySession, f: Extract<ClientFrame, { type: K }>) => Promise<void> };

/** The protocol's rules, one function per client frame. */
export function createFrameHandler(core: RelayCore) {
  const { store, tokens, log } = core.deps;

  const handlers: Handlers = {
    async hello(s, f) {
      if (s.member) return core.refuse(s, 'malformed_frame', 'hello already received');
      if (f.protocol_version !== SYNC_PROTOCOL_VERSION) {
        s.error('unsupported_version', `relay speaks protocol ${SYNC_PROTOCOL_VERSION}`);
        return s.close(CLOSE_CODES.unsupportedVersion, 'unsupported protocol version');
      }
      if (f.schema_version < MIN_DOCUMENT_SCHEMA_VERSION || f.schema_version > MAX_DOCUMENT_SCHEMA_VERSION) {
        s.error('unsupported_version', `relay accepts document schema ${MIN_DOCUMENT_SCHEMA_VERSION}-${MAX_DOCUMENT_SCHEMA_VERSION}`);
        return s.close(CLOSE_CODES.unsupportedVersion, 'unsupported document schema version');
      }
      let claims;
      try {
        claims = await tokens.verify(f.access_token, core.now());
      } catch (err) {
        s.error('unauthenticated', err instanceof AppError ? err.message : 'access token invalid');
        return s.close(CLOSE_CODES.unauthenticated, 'unauthenticated');
      }
      if (claims.device_id !== f.device_id) {
        s.error('unauthenticated', 'token was issued to another device');
        return s.close(CLOSE_CODES.unauthenticated, 'unauthenticated');
      }
      const member = await store.identity.member(claims.team_id, claims.account_id);
      if (!member || member.status !== 'active') {
        s.error('not_member', 'not a member of this team');
        return s.close(CLOSE_CODES.removed, 'not a member');
      }
      if (s.closed) return;
      s.member = { team_id: claims.team_id, account_id: claims.account_id, device_id: claims.device_id, role: member.role };
      core.attach(s);
      // A removal that ran between the check above and attach() did not see this session.
      const still = await store.identity.member(claims.team_id, claims.account_id);
      if (!still || still.status !== 'active') return core.memberRemoved(claims.team_id, claims.account_id);
      const feed = await core.feed(claims.team_id);
      // A team that ever compacted tells its epoch first: a device of an older one re-bootstraps.
      const epoch = await core.teamEpoch(claims.team_id);
      if (epoch.epoch > 0 || epoch.state === 'compacting') s.send({ type: 'epoch', epoch: epoch.epoch, state: epoch.state });
      s.send({
        type: 'welcome',
        protocol_version: SYNC_PROTOCOL_VERSION,
        team_id: claims.team_id,
        account_id: claims.account_id,
        role: member.role,
        head_seq: feed.head,
      });
      log('info', 'connection ready', { session: s.id, team: claims.team_id, account: claims.account_id, device: claims.device_id });
      for (const item of await store.inbox.pending(claims.team_id, claims.account_id, claims.device_id, 200)) {
        s.send({ type: 'notification', ...notificationFields(item) });
      }
    },

    async push(s, f) {
      const m = s.member!;
      if (READ_ONLY_ROLES.includes(m.role as UserRole)) {
        return core.refuse(s, 'forbidden', 'viewers cannot push changes', f.envelopes[0].client_seq);
      }
      const teamMembers = new Set((await store.identity.listMembers(m.team_id)).map((x) => x.account_id));
      for (const e of f.envelopes) {
        const problem = validateEnvelope(e, m, teamMembers);
        // Nothing of a push with a bad envelope is stored: the client drops or fixes that one.
        if (problem) return core.refuse(s, 'invalid_update', problem, e.client_seq);
      }
      // Cached: the append statement checks the stored epoch under the team lock anyway.
      const epoch = await core.cachedEpoch(m.team_id);
      if (epoch.state === 'compacting' || s.epoch !== epoch.epoch) {
        return core.refuse(s, 'rebootstrap', `the team's documents are at compaction epoch ${epoch.epoch}; bootstrap again`, f.envelopes[0].client_seq);
      }
      const started = Date.now();
      let appended;
      try {
        // The epoch again under the team lock: a compaction that began since is seen there.
        appended = await store.updates.append(m.team_id, m.device_id, f.envelopes, s.epoch);
      } catch (err) {
        if (err instanceof StaleEpochError) {
          // Another instance compacted the team: read its epoch again, so live delivery stops too.
          await core.teamEpoch(m.team_id);
          return core.refuse(s, 'rebootstrap', err.message, f.envelopes[0].client_seq);
        }
        throw err;
      }
      const { results, rows } = appended;
      core.metrics.appendSecondsSum += (Date.now() - started) / 1000;
      core.metrics.appendCount += 1;
      core.metrics.recordPush(rows.length, Date.now());
      core.metrics.duplicateUpdates += results.length - rows.length;
      // Durable now (the transaction committed): the ack may go out, even to a closing socket.
      s.send({ type: 'ack', acks: results.map((r) => ({ client_seq: r.client_seq, seq: r.seq })) });
      if (rows.length > 0) await core.committed(m.team_id, rows);
    },

    async pull(s, f) {
      const m = s.member!;
      const epoch = await core.teamEpoch(m.team_id);
      if (epoch.state === 'compacting' || s.epoch !== epoch.epoch) {
        s.live = false;
        return core.refuse(s, 'rebootstrap', `the team's documents are at compaction epoch ${epoch.epoch}; bootstrap again`);
      }
      const limit = Math.min(f.limit || DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT);
      // Role-restricted documents are left out in the query: a page holds only what this member may get.
      const rows = await store.updates.since(m.team_id, f.since, limit + 1, m.role);
      let hasMore = rows.length > limit;
      const page = [];
      let bytes = 0;
      for (const r of rows.slice(0, limit)) {
        bytes += r.update.length + 200;
        if (bytes > PAGE_BUDGET && page.length > 0) {
          hasMore = true;
          break;
        }
        page.push(r);
      }
      s.send({ type: 'updates', source: 'catch_up', updates: page.map(wire), has_more: hasMore });
      if (!hasMore) {
        // Caught up: live frames continue from here; anything committed meanwhile goes out now.
        s.sentUpTo = page.length > 0 ? page[page.length - 1].seq : f.since;
        s.live = true;
        await core.pump(s);
      } else {
        s.live = false;
      }
    },

    async bootstrap(s, f) {
      const m = s.member!;
      // While the relay rewrites the log a page would mix old and new histories.
      if ((await core.teamEpoch(m.team_id)).state === 'compacting') {
        return core.refuse(s, 'rebootstrap', 'the team is compacting its documents; bootstrap when the epoch is ready');
      }
      const page = await store.updates.bootstrapPage(m.team_id, f.cursor, PAGE_BUDGET, m.role);
      const upto = page.cursor.upto_seq;
      if (!s.bootstrapTotal || s.bootstrapTotal.upto !== upto) {
        s.bootstrapTotal = { upto, total: await store.updates.countRecords(m.team_id, upto, m.role) };
      }
      s.send({ type: 'bootstrap_page', records: page.records, cursor: page.cursor, done: page.done, total_records: s.bootstrapTotal.total });
    },

    async notify(s, f) {
      const m = s.member!;
      const to = await store.identity.member(m.team_id, f.to_account_id);
      if (!to || to.status !== 'active') return core.refuse(s, 'not_member', 'the addressee is not a member of this team');
      const item = await store.inbox.add(m.team_id, {
        account_id: f.to_account_id,
        from_account_id: m.account_id,
        notification_id: f.notification_id,
        payload: f.payload,
      });
      // Already in that user's inbox (a resend): nothing new to deliver.
      if (!item) return;
      core.metrics.notifications += 1;
      core.deliverNotification(m.team_id, item);
    },

    async notify_ack(s, f) {
      const m = s.member!;
      await store.inbox.markDelivered(m.team_id, m.account_id, m.device_id, f.inbox_ids);
    },

    async epoch_confirm(s, f) {
      const epoch = await core.teamEpoch(s.member!.team_id);
      if (f.epoch !== epoch.epoch || epoch.state !== 'ready') {
        return core.refuse(s, 'rebootstrap', `the team's documents are at compaction epoch ${epoch.epoch} (${epoch.state})`);
      }
      s.epoch = f.epoch;
      // Once every device holds this epoch, the previous histories (kept for re-authoring) go.
      const dropped = await store.epochs.confirm(s.member!.team_id, s.member!.device_id, f.epoch, core.now());
      if (dropped > 0) log('info', 'previous histories dropped: every device holds the new epoch', { team: s.member!.team_id, records: dropped });
    },

    async ping(s, f) {
      s.send({ type: 'pong', nonce: f.nonce });
    },
  };

  return async (s: RelaySession, frame: ClientFrame): Promise<void> => {
    if (!s.member && frame.type !== 'hello' && frame.type !== 'ping') {
      return core.refuse(s, 'handshake_required', 'send hello first');
    }
    await (handlers[frame.type] as (s: RelaySession, f: ClientFrame) => Promise<void>)(s, frame);
  };
}
