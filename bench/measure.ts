// Runs one benchmark step in this process and reports its time and the process's peak memory.
import { performance } from 'node:perf_hooks';

export interface Figure {
  /** The step measured; a peer's figure for the same step carries the same name. */
  name: string;
  lib: string;
  ms: number;
  peakRssMb: number;
  extra?: Record<string, number | string>;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** A scenario's child process prints exactly one JSON line that the runner collects. */
export function report(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** How to start this scenario again in a fresh process: its bundle as it is, its source through tsx. */
export function rerun(): string[] {
  const self = process.argv[1]!;
  return self.endsWith('.ts') ? ['bin/run-ts.js', self] : [self];
}
