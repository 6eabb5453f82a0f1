import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { percentile } from './http-client';

/**
 * What the machine allows, printed beside the figures: a durable write cannot beat one
 * fsync, and a request over HTTP cannot beat one loopback round trip.
 */
export function fsyncP50(dir: string, n = 300): number {
  const file = join(dir, `.bench-fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(4096, 7);
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      writeSync(fd, page, 0, page.length, (i % 16) * page.length);
      const started = process.hrtime.bigint();
      fdatasyncSync(fd);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  return percentile(samples, 50);
}

/** A bare Node HTTP server in its own process answering an empty 200: the floor of any API call. */
const ECHO_SERVER = `
  const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('')); });
  s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));
`;

export async function loopbackRoundTripP50(n = 2000): Promise<number> {
  const child = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((done, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /port (\d+)/.exec(out);
        if (m) done(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = process.hrtime.bigint();
      await new Promise<void>((done, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
            res.resume();
            res.on('end', () => done());
          })
          .on('error', reject);
      });
      if (i >= 200) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    agent.destroy();
    return percentile(samples, 50);
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}
