import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../../../server/paths.ts';

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited (any way). */
  exited: Promise<number | null>;
  /** The last ~64 KB of stdout+stderr, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still running. */
  stop(graceMs?: number): Promise<void>;
}

const KEEP = 64 * 1024;

/**
 * The real server as `npm start` runs it (server/main.ts), in its own process on a free port of
 * 127.0.0.1. Output is drained continuously (a full pipe would block the server's logging) and
 * the tail kept for error messages.
 */
export async function spawnServer(env: Record<string, string>, options: { script?: string; startTimeoutMs?: number } = {}): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the server processes (written when they stop).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', options.script ?? 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-KEEP);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${options.startTimeoutMs ?? 60_000} ms:\n${tail}`));
    }, options.startTimeoutMs ?? 60_000);
    const onData = () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(tail);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${tail}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    child,
    exited,
    output: () => tail,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
