import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Structured JSON lines on stdout (one object per line, ISO time), for a log shipper to collect.
 * `node` names the process when several serve one address. Authorization headers and tokens are
 * never logged.
 */
let stdout: DestinationStream | undefined;

export function createLogger(options: { level?: LogLevel; node?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'grid-dispatch', ...(options.node ? { node: options.node } : {}), pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'token'], censor: '[redacted]' },
    },
    // One buffered stdout writer per process, however many servers a test starts in it.
    options.destination ?? (stdout ??= pino.destination({ dest: 1, sync: false })),
  );
}
