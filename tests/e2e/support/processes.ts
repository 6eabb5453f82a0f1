import { spawn, type ChildProcess } from 'node:child_process';

/** A child process of a browser test (the app, the relay) with everything it printed kept. */
export interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Spawns `node args` in `cwd`, keeping stdout and stderr for failure messages. */
export function spawnNode(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Started {
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * Resolves with the first group of `line` once the process prints it; rejects when it exits
 * first or `timeoutMs` passes, with what it printed. `what` names it in those messages.
 */
export function waitForLine({ child, output }: Started, line: RegExp, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what} not ready after ${timeoutMs / 1000} s:\n${output()}`)), timeoutMs);
    const onData = () => {
      const match = line.exec(output());
      if (match) finish(undefined, match[1]);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(new Error(`${what} exited (${signal ?? `code ${code}`}) before it was ready:\n${output()}`));
    function finish(error: Error | undefined, value?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise(value as string);
    }
    // Registered after the collecting listener (spawnNode), so output() already holds the chunk.
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `killAfterMs`; resolves once it has exited (at once if it had). */
export async function stopChild(child: ChildProcess, killAfterMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}
