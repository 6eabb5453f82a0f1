import { decodeDocClientFrame, encodeDocRelayFrame } from '../../../src/shared/sync/doc-relay-frames';
import type { RelayCore } from './relay-core';
import type { RelaySession } from './relay-session';
import { TokenBucket } from './rate-limiter';

/**
 * Co-editing messages are typing and cursor moves: a person types a few keys a second. These
 * budgets leave room for a burst of paste and reconnect syncs and stop a device that floods
 * everyone else's installs. Refused frames count as strikes like any other refusal.
 */
export const DOC_CHANNEL_LIMITS = { framesPerSecond: 40, frameBurst: 120, bytesPerSecond: 512 * 1024, byteBurst: 2 * 1024 * 1024 };

interface Budget {
  frames: TokenBucket;
  bytes: TokenBucket;
}

/**
 * The relay's side of the co-editing channel: presence (y-protocols awareness) and the live
 * Y.Text sync of a record's notes, forwarded to the team's other devices. Nothing here is
 * stored or logged: the message bytes are opaque to the relay beyond the frame's checks, and
 * the durable notes reach every device as a record field through the update log.
 */
export class DocChannelRelay {
  private readonly budgets = new WeakMap<RelaySession, Budget>();
  forwarded = 0;

  constructor(
    private readonly core: RelayCore,
    private readonly limits = DOC_CHANNEL_LIMITS,
  ) {}

  receive(session: RelaySession, bytes: Uint8Array): void {
    const member = session.member;
    if (!member) return this.core.refuse(session, 'handshake_required', 'send hello first');
    if (!this.allow(session, bytes.length)) return this.core.refuse(session, 'rate_limited', 'too many co-editing messages; slow down');
    const decoded = decodeDocClientFrame(bytes);
    if (!decoded.ok) return this.core.refuse(session, 'malformed_frame', `co-editing frame: ${decoded.message}`);
    session.strikes = 0;
    let out: Uint8Array | null = null;
    for (const other of this.core.teamSessions(member.team_id)) {
      if (other === session || other.closed || !other.member || other.member.device_id === member.device_id) continue;
      out ??= encodeDocRelayFrame({ from_device: member.device_id, ...decoded.frame });
      other.sendEncoded(out);
      this.forwarded += 1;
    }
  }

  private allow(session: RelaySession, size: number): boolean {
    const now = Date.now();
    let budget = this.budgets.get(session);
    if (!budget) {
      const l = this.limits;
      budget = { frames: new TokenBucket(l.framesPerSecond, l.frameBurst, now), bytes: new TokenBucket(l.bytesPerSecond, l.byteBurst, now) };
      this.budgets.set(session, budget);
    }
    return budget.frames.take(1, now) && budget.bytes.take(size, now);
  }
}
