/** Counters behind /metrics (Prometheus text format 0.0.4). */
export class RelayMetrics {
  connections = 0;
  connectionsTotal = 0;
  pushedUpdates = 0;
  pushFrames = 0;
  duplicateUpdates = 0;
  liveFrames = 0;
  notifications = 0;
  errors = new Map<string, number>();
  appendSecondsSum = 0;
  appendCount = 0;
  fanoutLagSecondsSum = 0;
  fanoutLagCount = 0;
  fanoutLagMax = 0;
  private window: { at: number; n: number }[] = [];

  recordPush(updates: number, at: number): void {
    this.pushedUpdates += updates;
    this.pushFrames += 1;
    this.window.push({ at, n: updates });
  }

  recordError(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  recordLag(seconds: number): void {
    this.fanoutLagSecondsSum += seconds;
    this.fanoutLagCount += 1;
    this.fanoutLagMax = Math.max(this.fanoutLagMax, seconds);
  }

  /** Updates stored per second over the last 10 s. */
  pushesPerSecond(now: number): number {
    this.window = this.window.filter((w) => now - w.at <= 10_000);
    return this.window.reduce((s, w) => s + w.n, 0) / 10;
  }

  render(now: number, storeBytes: number): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, value: number, labels = '') => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
    };
    metric('relay_connections', 'gauge', 'Open authenticated WebSocket connections.', this.connections);
    metric('relay_connections_total', 'counter', 'Connections accepted since start.', this.connectionsTotal);
    metric('relay_pushed_updates_total', 'counter', 'Updates stored.', this.pushedUpdates);
    metric('relay_push_frames_total', 'counter', 'Push frames handled.', this.pushFrames);
    metric('relay_duplicate_updates_total', 'counter', 'Resent updates acked without storing again.', this.duplicateUpdates);
    metric('relay_pushes_per_second', 'gauge', 'Updates stored per second over the last 10 seconds.', this.pushesPerSecond(now));
    metric('relay_live_frames_total', 'counter', 'Live update frames fanned out.', this.liveFrames);
    metric('relay_notifications_total', 'counter', 'Notifications accepted into inboxes.', this.notifications);
    metric('relay_append_seconds_sum', 'counter', 'Time to make pushes durable.', this.appendSecondsSum);
    metric('relay_append_seconds_count', 'counter', 'Appends timed.', this.appendCount);
    metric('relay_fanout_lag_seconds_sum', 'counter', 'Commit to live send, summed.', this.fanoutLagSecondsSum);
    metric('relay_fanout_lag_seconds_count', 'counter', 'Live sends timed.', this.fanoutLagCount);
    metric('relay_fanout_lag_seconds_max', 'gauge', 'Largest commit to live send lag seen.', this.fanoutLagMax);
    metric('relay_store_bytes', 'gauge', 'Size of the relay database.', storeBytes);
    lines.push('# HELP relay_frame_errors_total Frames refused, by error code.', '# TYPE relay_frame_errors_total counter');
    for (const [code, n] of this.errors) lines.push(`relay_frame_errors_total{code="${code}"} ${n}`);
    const mem = process.memoryUsage();
    metric('relay_resident_memory_bytes', 'gauge', 'Resident set size.', mem.rss);
    metric('relay_heap_used_bytes', 'gauge', 'V8 heap in use.', mem.heapUsed);
    return `${lines.join('\n')}\n`;
  }
}
