/**
 * Sign-in under a password spray (issue 10):
 *   npm run bench:signin -- [--spray 200]
 * On a fresh server: a spray of sign-ins with random names (8 at a time) while the owner
 * tries to sign in once a second (honouring Retry-After); then a spray of common passwords
 * across real accounts; then 16 concurrent wrong passwords for one account. Prints the rate of
 * password checks each spray got (a 401 is a checked guess, a 429 was refused unchecked), the
 * owner's result right after the spray, and the counts under concurrency.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';
import { SIGN_IN_DEFAULTS } from '../src/main/engines/auth/sign-in-guard';

const ADMIN = { email: 'owner@example.com', password: 'owner-password-1', username: 'owner' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { spray: { type: 'string', default: '200' } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-signin-'));
  let server = await startLocalServer({ dataDir, port: 0, admin: ADMIN });
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    await res.text();
    return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
  };
  try {
    const total = Number(values.spray);
    const spray: Record<number, number> = {};
    let sent = 0;
    let sprayDone = false;
    const t0 = Date.now();
    const sprayer = async () => {
      while (sent < total) {
        sent++;
        const { status } = await signIn(`spray-${sent}-${Math.random().toString(36).slice(2)}`, 'Winter2024!');
        spray[status] = (spray[status] ?? 0) + 1;
      }
    };
    const sprayRun = Promise.all(Array.from({ length: 8 }, sprayer)).then(() => {
      sprayDone = true;
    });
    const owner: string[] = [];
    let ownerIn: number | null = null;
    let sprayOverWhenIn = false;
    while (ownerIn === null) {
      await sleep(1000);
      const res = await signIn(ADMIN.username, ADMIN.password);
      owner.push(String(res.status));
      if (res.status === 200) {
        ownerIn = Date.now() - t0;
        sprayOverWhenIn = sprayDone;
      } else if (res.retryAfter > 1) await sleep((res.retryAfter - 1) * 1000);
    }
    await sprayRun;
    const sprayMs = Date.now() - t0;
    const after = await signIn(ADMIN.username, ADMIN.password);
    console.log(
      `spray: ${total} sign-ins with random names in ${(sprayMs / 1000).toFixed(1)} s -> ${Object.entries(spray)
        .map(([s, n]) => `${n} x ${s}`)
        .join(', ')}`,
    );
    console.log(
      `owner during the spray: tries ${owner.join(' ')}; signed in ${(ownerIn / 1000).toFixed(1)} s after the spray began${sprayOverWhenIn ? ' (spray already over)' : ` (spray still running, ${sent} sent)`}`,
    );
    console.log(`owner right after the spray: ${after.status}`);
    const checked = spray[401] ?? 0;
    console.log(`spray rate accepted (password checks): ${checked} of ${total}, ${(checked / (sprayMs / 1000)).toFixed(2)} checks/s`);

    // A spray of common passwords over real accounts (the admin creates them; successes cost nothing).
    const accounts = Array.from({ length: 8 }, (_, i) => `member${i}`);
    const adminToken = (
      (await await fetch(`${server.url}/api/v1/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
      }).then((r) => r.json())) as { access: string }
    ).access;
    for (const name of accounts) {
      await fetch(`${server.url}/api/v1/users/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ username: name, email: `${name}@example.com`, password: `${name}-password-1` }),
      }).then((r) => r.text());
    }
    const guesses = ['Winter2024!', 'Password1', 'Summer2025', 'Welcome1', 'Qwerty123', 'Company1', 'Spring2026', 'Autumn2023!', 'Letmein1', 'Monday1'];
    const realSpray: Record<number, number> = {};
    const t1 = Date.now();
    for (const guess of guesses) {
      const results = await Promise.all(accounts.map((name) => signIn(name, guess)));
      for (const r of results) realSpray[r.status] = (realSpray[r.status] ?? 0) + 1;
    }
    const realMs = Date.now() - t1;
    console.log(
      `spray over ${accounts.length} real accounts x ${guesses.length} common passwords in ${(realMs / 1000).toFixed(1)} s -> ${Object.entries(realSpray)
        .map(([s, n]) => `${n} x ${s}`)
        .join(', ')}; checked ${((realSpray[401] ?? 0) / (realMs / 1000)).toFixed(2)} checks/s`,
    );
    const g = SIGN_IN_DEFAULTS;
    console.log(
      `sustained spray rate a source is held to once its burst of ${g.sourceBurst} failures is spent: ${g.sourceRefillPerSecond} checks/s (${g.sourceRefillPerSecond * 60}/min), plus one guess per untouched account per ${g.windowMs / 60_000} min`,
    );
    const ownerAfterReal = await signIn(ADMIN.username, ADMIN.password);
    console.log(`owner right after the real-account spray: ${ownerAfterReal.status}`);

    // A fresh server for the concurrency figure, so the sprays above do not decide it.
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir);
    server = await startLocalServer({ dataDir, port: 0, admin: ADMIN });
    const victim = await Promise.all(Array.from({ length: 16 }, () => signIn(ADMIN.email, 'wrong-password')));
    const counts: Record<number, number> = {};
    for (const r of victim) counts[r.status] = (counts[r.status] ?? 0) + 1;
    console.log(
      `16 concurrent wrong passwords for one account (limit 10): ${Object.entries(counts)
        .map(([s, n]) => `${n} x ${s}`)
        .join(', ')}; checked ${counts[401] ?? 0}`,
    );
    const byName = await signIn(ADMIN.username, ADMIN.password);
    console.log(`the same account by username afterwards: ${byName.status} (one key for username and email)`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
