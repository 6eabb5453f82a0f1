/**
 * Figures of a bench run: each measured several times, shown as min and median (throughputs:
 * the lowest and the median run) and judged on the median against the target.
 */
export interface Figure {
  metric: string;
  unit: string;
  runs: number[];
  /** `max`: the median must not exceed the limit; `min`: it must reach it; null: shown only. */
  limit: number | null;
  kind: 'max' | 'min';
}

const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: n < 100 ? 2 : 0, maximumFractionDigits: n < 100 ? 2 : 0 });

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];

  add(metric: string, unit: string, value: number, limit: number | null = null, kind: 'max' | 'min' = 'max'): void {
    let figure = this.figures.find((f) => f.metric === metric);
    if (!figure) {
      figure = { metric, unit, runs: [], limit, kind };
      this.figures.push(figure);
    }
    figure.runs.push(value);
  }

  note(line: string): void {
    this.notes.push(line);
    console.log(`  note: ${line}`);
  }

  static verdict(f: Figure): 'PASS' | 'OVER' | '' {
    if (f.limit === null) return '';
    const m = median(f.runs);
    return (f.kind === 'max' ? m <= f.limit : m >= f.limit) ? 'PASS' : 'OVER';
  }

  /** Worst run for a throughput is the lowest; for a time, the min shown is the best run. */
  static row(f: Figure): { metric: string; min: string; median: string; budget: string; verdict: string; runs: number } {
    const budget = f.limit === null ? '-' : `${f.kind === 'max' ? '<=' : '>='} ${fmt(f.limit)} ${f.unit}`;
    return {
      metric: f.metric,
      min: `${fmt(Math.min(...f.runs))} ${f.unit}`,
      median: `${fmt(median(f.runs))} ${f.unit}`,
      budget,
      verdict: Report.verdict(f),
      runs: f.runs.length,
    };
  }

  print(): void {
    console.log(`\n  ${'figure'.padEnd(76)} ${'min'.padStart(15)} ${'median'.padStart(15)}   ${'target'.padEnd(17)} PASS/OVER  runs`);
    for (const f of this.figures) {
      const r = Report.row(f);
      console.log(`  ${r.metric.padEnd(76)} ${r.min.padStart(15)} ${r.median.padStart(15)}   ${r.budget.padEnd(17)} ${r.verdict.padEnd(9)}  ${r.runs}`);
    }
  }

  /** The same table as Markdown, for the README (written next to the JSON results). */
  markdown(): string {
    const lines = ['| Figure | Target | Min | Median | |', '| --- | --- | --- | --- | --- |'];
    for (const f of this.figures) {
      const r = Report.row(f);
      lines.push(`| ${r.metric} | ${r.budget} | ${r.min} | ${r.median} | ${r.verdict} |`);
    }
    return `${lines.join('\n')}\n`;
  }

  overCount(): number {
    return this.figures.filter((f) => Report.verdict(f) === 'OVER').length;
  }
}
