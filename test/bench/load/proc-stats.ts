import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux/x64). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; NaN if it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}

/** Resident set size in bytes, from /proc; NaN if the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface ProcessSample {
  at: number;
  cpu: number;
  rss: number;
}

/** Samples CPU and RSS of some processes once a second, summed over them, until stopped. */
export class ProcessSampler {
  readonly samples: ProcessSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: readonly number[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  private sample(): void {
    let cpu = 0;
    let rss = 0;
    for (const pid of this.pids) {
      cpu += cpuSeconds(pid);
      rss += rssBytes(pid);
    }
    this.samples.push({ at: performance.now(), cpu, rss });
  }

  stop(): { cpuCores: number; rssStart: number; rssEnd: number; rssMax: number } {
    clearInterval(this.timer);
    this.sample();
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const rss = this.samples.map((s) => s.rss);
    // "Start" once the load is established (10 % into the run), so connection set-up is not counted as growth.
    const settled = this.samples[Math.floor(this.samples.length / 10)]!;
    return {
      cpuCores: (last.cpu - first.cpu) / ((last.at - first.at) / 1000),
      rssStart: settled.rss,
      rssEnd: last.rss,
      rssMax: Math.max(...rss),
    };
  }
}
