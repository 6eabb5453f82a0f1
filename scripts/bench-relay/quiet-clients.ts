import { connectMany, type LoadClient } from './load-clients';

/**
 * A child process holding the bulk of the simulated installs of one relay instance: they
 * connect, catch up and receive every live frame like any install, in their own process, so
 * the benchmark's timing loop (writers and observers) is not queued behind their frames.
 * Protocol over the IPC channel: `{url, devices}` -> `{connected}`; `stop` -> exit.
 */
let clients: LoadClient[] = [];
process.on('message', (msg: { url: string; devices: { device: string; token: string }[] } | 'stop') => {
  if (msg === 'stop') {
    for (const c of clients) c.close();
    process.exit(0);
  }
  connectMany(msg.url, msg.devices).then(
    (cs) => {
      clients = cs;
      process.send!({ connected: cs.length });
    },
    (err: unknown) => {
      process.send!({ error: err instanceof Error ? err.message : String(err) });
    },
  );
});
process.on('disconnect', () => process.exit(0));
