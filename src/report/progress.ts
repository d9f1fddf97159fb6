import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { PHASES, type PhaseResult } from '../runner/types';

/** Where the line goes: a terminal (process.stdout when it is a TTY). */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

export interface ProgressOptions {
  /** Least milliseconds between two redraws. Default 100. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Vitest reporter that keeps one line up to date on a terminal during a run: operations done / total,
 * requests sent, findings so far. Redrawn in place with `\r`, cleared when the run ends. The CLI registers
 * it only when stdout is a TTY, so logs and CI output stay quiet.
 *
 * An operation is a group of tests named `<Tag> <operationId> <METHOD> <path> › <phase>`; it is done when
 * every phase test of it has a result. The total grows as vitest collects the spec files.
 */
export class ProgressReporter implements Reporter {
  private readonly phasesOf = new Map<string, number>();
  private readonly doneOf = new Map<string, number>();
  private requests = 0;
  private findings = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly started: number;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly stream: ProgressStream, options: ProgressOptions = {}) {
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  onTestModuleCollected(module: TestModule): void {
    for (const test of module.children.allTests()) {
      const key = operationKey(test.name);
      if (key) this.phasesOf.set(key, (this.phasesOf.get(key) ?? 0) + 1);
    }
    this.draw();
  }

  onTestCaseResult(test: TestCase): void {
    const result: PhaseResult | undefined = test.meta().conformance;
    if (result) {
      this.requests += result.requests;
      this.findings += result.findings.length;
    }
    const key = operationKey(test.name);
    if (key) this.doneOf.set(key, (this.doneOf.get(key) ?? 0) + 1);
    this.draw();
  }

  onTestRunEnd(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  /** The progress line as it stands. */
  line(): string {
    let done = 0;
    for (const [key, phases] of this.phasesOf) if ((this.doneOf.get(key) ?? 0) >= phases) done++;
    const seconds = ((this.now() - this.started) / 1000).toFixed(0);
    const findings = `${this.findings} finding${this.findings === 1 ? '' : 's'}`;
    return `${done}/${this.phasesOf.size} operations · ${this.requests} requests · ${findings} · ${seconds} s`;
  }

  private draw(): void {
    const now = this.now();
    if (now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`\r${this.line().slice(0, width)}\x1b[K`);
    this.drawn = true;
  }
}

/** `<Tag> <operationId> <METHOD> <path>` of a phase test's name, or undefined for other tests (cleanup). */
function operationKey(name: string): string | undefined {
  const at = name.lastIndexOf(' › ');
  if (at < 0) return undefined;
  return (PHASES as string[]).includes(name.slice(at + 3)) ? name.slice(0, at) : undefined;
}
