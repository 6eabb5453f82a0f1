import { CLOSE_CODES, type ClientMessage, type ServerMessage } from '../../shared/contract/realtime-messages';
import type { ApiClient } from '../api/api-client';

type MessageListener = (message: ServerMessage) => void;
type StateListener = (connected: boolean) => void;

const MAX_BACKOFF_MS = 15_000;
const PING_EVERY_MS = 25_000;

/**
 * One authenticated WebSocket to `/ws/notifications/` or `/ws/activity/` that reconnects
 * on its own (backoff up to 15 s) and resumes from the last `seq` it saw, so a short drop
 * loses nothing. A 4401 close renews the access token before the next attempt.
 */
export class RealtimeSocket {
  private socket: WebSocket | undefined;
  private lastSeq: number | undefined;
  private stream: string | undefined;
  private attempts = 0;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private closed = false;
  private connectedNow = false;
  private readonly messageListeners = new Set<MessageListener>();
  private readonly stateListeners = new Set<StateListener>();

  constructor(
    private readonly api: ApiClient,
    private readonly path: string,
  ) {}

  get connected(): boolean {
    return this.connectedNow;
  }

  start(): void {
    this.closed = false;
    this.open();
  }

  stop(): void {
    this.closed = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close(1000);
    this.socket = undefined;
    this.setConnected(false);
  }

  onMessage(listener: MessageListener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private open(): void {
    const token = this.api.accessToken;
    if (!token || this.closed) return;
    const url = new URL(this.path, this.api.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      const resume = this.lastSeq === undefined ? {} : { last_seq: this.lastSeq, stream: this.stream };
      socket.send(JSON.stringify({ type: 'authenticate', token, ...resume }));
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      window.clearInterval(this.pingTimer);
      this.setConnected(false);
      if (!this.closed) void this.scheduleReconnect(event.code);
    };
  }

  private receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (typeof message.seq === 'number' && message.type !== 'pong' && message.type !== 'error') this.lastSeq = message.seq;
    if (message.type === 'connection_established') {
      this.attempts = 0;
      this.stream = message.stream;
      this.setConnected(true);
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    }
    for (const listener of this.messageListeners) listener(message);
  }

  private async scheduleReconnect(code: number): Promise<void> {
    if (code === CLOSE_CODES.unauthenticated && !(await this.api.renewSession())) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = window.setTimeout(() => this.open(), delay);
  }

  private setConnected(connected: boolean): void {
    if (this.connectedNow === connected) return;
    this.connectedNow = connected;
    for (const listener of this.stateListeners) listener(connected);
  }
}
