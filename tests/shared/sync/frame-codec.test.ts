import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { decodeClientFrame, decodeFrame, decodeRelayFrame, encodeFrame } from '../../../src/shared/sync/frame-codec';
import { FRAME_TAGS, MAX_FRAME_BYTES, type Frame } from '../../../src/shared/sync/sync-protocol';

const envelope = { record_id: 'rec-1', entity: 'lead', schema_version: 1, writer: 'acc-1', client_seq: 7, audience: [], update: new Uint8Array([1, 2, 3]) };
const cursor = { upto_seq: 90, after_record_id: 'rec-1', after_seq: 12 };

const SAMPLES: Frame[] = [
  { type: 'hello', protocol_version: 1, schema_version: 1, device_id: 'dev-1', access_token: 'a.b.c' },
  { type: 'push', envelopes: [envelope, { ...envelope, client_seq: 8 }] },
  { type: 'push', envelopes: [{ ...envelope, record_id: 'rec-1::am', audience: ['admin', 'manager'] }] },
  { type: 'pull', since: 41, limit: 100 },
  { type: 'bootstrap', cursor: null },
  { type: 'bootstrap', cursor },
  { type: 'notify', to_account_id: 'acc-2', notification_id: 'n-1', payload: '{"kind":"assigned"}' },
  { type: 'notify_ack', inbox_ids: [3, 4] },
  { type: 'ping', nonce: 5 },
  { type: 'welcome', protocol_version: 1, team_id: 'team-1', account_id: 'acc-1', role: 'sales_rep', head_seq: 2 ** 40 },
  { type: 'ack', acks: [{ client_seq: 7, seq: 100 }] },
  { type: 'updates', source: 'live', updates: [{ ...envelope, seq: 9 }], has_more: false },
  { type: 'updates', source: 'catch_up', updates: [], has_more: true },
  {
    type: 'bootstrap_page',
    records: [{ record_id: 'r', entity: 'contact', schema_version: 1, update: new Uint8Array([0, 0]) }],
    cursor,
    done: true,
    total_records: 1,
  },
  { type: 'notification', inbox_id: 1, from_account_id: 'acc-1', notification_id: 'n-1', payload: '{}', created_at: '2026-01-01T00:00:00Z' },
  { type: 'error', code: 'forbidden', message: 'viewers cannot push', client_seq: 7 },
  { type: 'pong', nonce: 5 },
  { type: 'epoch_confirm', epoch: 1 },
  { type: 'epoch', epoch: 1, state: 'compacting' },
  { type: 'epoch', epoch: 3, state: 'ready' },
  { type: 'error', code: 'rebootstrap', message: 'bootstrap again', client_seq: 9 },
];

describe('sync frame codec', () => {
  it.each(SAMPLES.map((f) => [f.type, f] as const))('round-trips %s', (_type, frame) => {
    const res = decodeFrame(encodeFrame(frame));
    expect(res).toEqual({ ok: true, frame });
  });

  it('tells client frames from relay frames', () => {
    expect(decodeClientFrame(encodeFrame({ type: 'pong', nonce: 1 }))).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeRelayFrame(encodeFrame({ type: 'ping', nonce: 1 }))).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeClientFrame(encodeFrame({ type: 'ping', nonce: 1 })).ok).toBe(true);
    expect(decodeClientFrame(encodeFrame({ type: 'epoch', epoch: 1, state: 'ready' })).ok).toBe(false);
    expect(decodeRelayFrame(encodeFrame({ type: 'epoch_confirm', epoch: 1 })).ok).toBe(false);
  });

  it('refuses an epoch frame with an unknown state or an epoch out of range', () => {
    const bad = (state: number, epoch = 1) => {
      const e = encoding.createEncoder();
      encoding.writeUint8(e, FRAME_TAGS.epoch);
      encoding.writeVarUint(e, epoch);
      encoding.writeUint8(e, state);
      return decodeFrame(encoding.toUint8Array(e));
    };
    expect(bad(1).ok).toBe(true);
    expect(bad(2)).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(bad(1, 0x10000)).toMatchObject({ ok: false, code: 'malformed_frame' });
  });

  it('refuses every truncation of every frame with a typed error', () => {
    for (const frame of SAMPLES) {
      const bytes = encodeFrame(frame);
      for (let cut = 0; cut < bytes.length; cut++) {
        const res = decodeFrame(bytes.subarray(0, cut));
        expect(res.ok, `${frame.type} cut at ${cut}`).toBe(false);
      }
    }
  });

  it('refuses trailing bytes, unknown tags, bad ids and out-of-range fields', () => {
    const hello = encodeFrame(SAMPLES[0]);
    expect(decodeFrame(new Uint8Array([...hello, 0]))).toMatchObject({ ok: false, message: 'trailing bytes after the frame' });
    expect(decodeFrame(new Uint8Array([250]))).toMatchObject({ ok: false, message: 'unknown frame type' });
    expect(decodeFrame(encodeFrame({ ...SAMPLES[0], device_id: 'bad id\n' } as Frame))).toMatchObject({ ok: false, message: 'device_id: bad format' });
    expect(decodeFrame(encodeFrame({ type: 'pull', since: 1, limit: 5000 }))).toMatchObject({ ok: false, message: 'limit: out of range' });
    expect(decodeFrame(encodeFrame({ type: 'push', envelopes: [] }))).toMatchObject({ ok: false, message: 'envelopes: empty push' });
    expect(decodeFrame(encodeFrame({ type: 'push', envelopes: [{ ...envelope, entity: 'Lead!' }] }))).toMatchObject({
      ok: false,
      message: 'entity: bad format',
    });
  });

  it('refuses a length prefix pointing past the end and a huge count in a tiny frame', () => {
    const e = encoding.createEncoder();
    encoding.writeUint8(e, FRAME_TAGS.hello);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1_000_000); // device_id length
    encoding.writeUint8(e, 65);
    expect(decodeFrame(encoding.toUint8Array(e))).toMatchObject({ ok: false, code: 'malformed_frame' });
    const p = encoding.createEncoder();
    encoding.writeUint8(p, FRAME_TAGS.notify_ack);
    encoding.writeVarUint(p, 900);
    expect(decodeFrame(encoding.toUint8Array(p))).toMatchObject({ ok: false, message: 'inbox_ids: frame ends early' });
  });

  it('refuses a frame over the size cap before reading it', () => {
    expect(decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1))).toMatchObject({ ok: false, code: 'frame_too_large' });
  });

  it('never throws on random bytes (seeded)', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 5000; i++) {
      const len = Math.floor(rnd() * 64);
      const bytes = new Uint8Array(len);
      for (let j = 0; j < len; j++) bytes[j] = Math.floor(rnd() * 256);
      if (len > 0 && rnd() < 0.7) bytes[0] = [1, 2, 3, 4, 5, 6, 7, 32, 33, 34, 35, 36, 37, 38][Math.floor(rnd() * 14)];
      expect(() => decodeFrame(bytes)).not.toThrow();
    }
  });
});
