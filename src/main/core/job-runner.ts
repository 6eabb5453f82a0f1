/**
 * The one runner of the engines' periodic work (reminders, audit retention, campaign sending):
 * each job runs at start and then every `everyMs`, never twice at once (a slow run skips the
 * beats it overlaps), and a failure is reported without stopping the job. Timers are unref'd:
 * a job never keeps the process alive.
 */
export interface Job {
  /** `<engine>.<what>`, for reports (`audit.retention`). */
  name: string;
  everyMs: number;
  run(): unknown;
  /** Runs once when the runner starts, before the first beat (default true). */
  runAtStart?: boolean;
}

export class JobRunner {
  private readonly jobs: Job[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly running = new Set<string>();
  private started = false;

  constructor(
    private readonly onError: (job: string, error: unknown) => void = (job, e) => console.error(`[jobs] ${job} failed:`, e instanceof Error ? e.message : e),
  ) {}

  add(job: Job): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`Duplicate job name: ${job.name}`);
    if (!(job.everyMs > 0)) throw new Error(`Job ${job.name} needs a positive interval`);
    this.jobs.push(job);
    if (this.started) this.schedule(job);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs) this.schedule(job);
  }

  stop(): void {
    this.started = false;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Runs a job now (tests, or a user's "run now"); resolves when it is done. */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`No job named ${name}`);
    await this.runOnce(job);
  }

  get names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  private schedule(job: Job): void {
    if (job.runAtStart ?? true) void this.runOnce(job);
    const timer = setInterval(() => void this.runOnce(job), job.everyMs);
    timer.unref?.();
    this.timers.push(timer);
  }

  private async runOnce(job: Job): Promise<void> {
    if (this.running.has(job.name)) return;
    this.running.add(job.name);
    try {
      await job.run();
    } catch (error) {
      this.onError(job.name, error);
    } finally {
      this.running.delete(job.name);
    }
  }
}
