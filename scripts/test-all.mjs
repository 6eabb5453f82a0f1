#!/usr/bin/env node
/**
 * `npm test`: the whole suite, in order, stopping at the first failing step.
 *   node scripts/test-all.mjs            every step
 *   node scripts/test-all.mjs unit e2e   only the named steps (ids below), in suite order
 *
 * Each runner's output passes straight through; its own summary lines ("Tests  N passed",
 * "N passed (12s)") are also collected and repeated in the final summary, so they stay
 * visible after long logs. Under CI=true the runners' CI behaviour applies (no watch mode,
 * `.only` refused, no colours) and the system-deps step may install packages.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isCI = /^(1|true)$/i.test(process.env.CI ?? '');

const STEPS = [
  { id: 'deps', title: 'System dependencies (Chromium, fonts)', command: 'bash', args: ['scripts/ensure-system-deps.sh'] },
  { id: 'typecheck', title: 'Typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { id: 'layers', title: 'Layering (dependency-cruiser)', command: 'npm', args: ['run', '--silent', 'lint:layers'] },
  { id: 'format', title: 'Formatting (Prettier)', command: 'npm', args: ['run', '--silent', 'format:check'] },
  { id: 'unit', title: 'Unit and API tests (vitest)', command: 'npx', args: ['vitest', 'run'] },
  { id: 'build', title: 'Build (electron-vite)', command: 'npx', args: ['electron-vite', 'build'] },
  { id: 'e2e', title: 'Browser tests (Playwright + Chromium)', command: 'npx', args: ['playwright', 'test'] },
];

/** Lines worth repeating at the end: the runners' own totals. */
const SUMMARY_LINE = /^\s*(Test Files|Tests|Duration)\s|^\s*\d+ (passed|failed|flaky|skipped|did not run)\b|error TS\d+|Found \d+ errors?/;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current && current.exitCode === null) current.kill(signal);
    process.exit(130);
  });
}

function formatDuration(ms) {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function banner(text) {
  const line = '='.repeat(Math.max(72, text.length + 4));
  console.log(`\n${line}\n  ${text}\n${line}`);
}

function run(step) {
  return new Promise((resolve) => {
    const summary = [];
    let partial = { out: '', err: '' };
    const collect = (stream, chunk) => {
      const text = partial[stream] + chunk.toString();
      const lines = text.split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.replace(ANSI, '').trimEnd();
        if (SUMMARY_LINE.test(line)) summary.push(line.trim());
      }
    };
    const env = { ...process.env };
    // Output goes through a pipe (to collect the summary); keep colours for a human at a
    // terminal, none in CI logs.
    if (env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) {
      if (isCI) env.NO_COLOR = '1';
      else if (process.stdout.isTTY) env.FORCE_COLOR = '1';
    }
    const child = spawn(step.command, step.args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      collect('out', chunk);
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      collect('err', chunk);
    });
    child.on('error', (error) => resolve({ code: 127, summary: [`could not start ${step.command}: ${error.message}`] }));
    child.on('close', (code, signal) => {
      for (const rest of [partial.out, partial.err]) {
        const line = rest.replace(ANSI, '').trim();
        if (line && SUMMARY_LINE.test(line)) summary.push(line);
      }
      resolve({ code: code ?? (signal ? 1 : 0), signal, summary });
    });
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !STEPS.some((s) => s.id === id));
if (unknown.length > 0) {
  console.error(`unknown step(s): ${unknown.join(', ')}; steps are: ${STEPS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const steps = wanted.length > 0 ? STEPS.filter((s) => wanted.includes(s.id)) : STEPS;

const results = [];
const suiteStart = Date.now();
let failed;
for (const [index, step] of steps.entries()) {
  banner(`[${index + 1}/${steps.length}] ${step.title}: ${step.command} ${step.args.join(' ')}`);
  const start = Date.now();
  const { code, signal, summary } = await run(step);
  const ms = Date.now() - start;
  results.push({ step, code, ms, summary });
  const verdict = code === 0 ? 'ok' : `FAILED (${signal ?? `exit code ${code}`})`;
  console.log(`\n--> ${step.title}: ${verdict} in ${formatDuration(ms)}`);
  if (code !== 0) {
    failed = step;
    break;
  }
}

banner('Summary');
for (const { step, code, ms, summary } of results) {
  console.log(`${code === 0 ? 'ok    ' : 'FAILED'} ${step.id.padEnd(10)} ${formatDuration(ms).padStart(12)}  ${step.title}`);
  // Vitest prints its totals once; Playwright and tsc may repeat lines, keep the last few.
  for (const line of [...new Set(summary)].slice(-6)) console.log(`         ${''.padEnd(10)} ${''.padStart(12)}    ${line}`);
}
for (const step of steps.slice(results.length)) console.log(`skip   ${step.id.padEnd(10)} ${''.padStart(12)}  ${step.title}`);

const total = formatDuration(Date.now() - suiteStart);
if (failed) {
  console.log(`\nnpm test: FAILED at "${failed.id}" (${failed.title}) after ${total}${isCI ? ' [CI]' : ''}`);
  process.exit(results.at(-1)?.code || 1);
}
console.log(`\nnpm test: all ${results.length} steps passed in ${total}${isCI ? ' [CI]' : ''}`);
