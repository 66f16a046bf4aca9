import type { AdmissionOptions } from '../http/load-shedding.ts';
import { isLogLevel, type LogLevel } from './logger.ts';

export interface ScaleSettings {
  logLevel: LogLevel;
  node?: string;
  metricsToken?: string;
  admission: Partial<AdmissionOptions> | false;
  cluster: boolean;
}

/** Environment variable → admission option; each must be a non-negative integer. */
const ADMISSION_VARIABLES: ReadonlyArray<[string, keyof AdmissionOptions]> = [
  ['GRID_DISPATCH_MAX_INFLIGHT_WRITES', 'maxInFlight'],
  ['GRID_DISPATCH_MAX_QUEUED_WRITES', 'maxQueue'],
  ['GRID_DISPATCH_QUEUE_TIMEOUT_MS', 'queueTimeoutMs'],
  ['GRID_DISPATCH_MAX_EVENT_LOOP_LAG_MS', 'maxEventLoopLagMs'],
  ['GRID_DISPATCH_MAX_WRITES_PER_CLIENT', 'perClientMax'],
];

/**
 * Logging, metrics, load shedding and cluster settings from the environment main.ts hands in
 * (main.ts stays the only reader of process.env). Throws a message naming the variable when one
 * is malformed, so a typo stops the start instead of silently running with defaults.
 */
export function scaleSettingsFrom(env: Record<string, string | undefined>): ScaleSettings {
  const level = env.LOG_LEVEL || 'info';
  if (!isLogLevel(level)) throw new Error(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got ${level}`);
  const admission: Partial<AdmissionOptions> = {};
  for (const [name, option] of ADMISSION_VARIABLES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
    admission[option] = value;
  }
  const cluster = env.GRID_DISPATCH_CLUSTER === '1' || env.GRID_DISPATCH_CLUSTER === 'true';
  return {
    logLevel: level,
    node: env.GRID_DISPATCH_NODE || undefined,
    metricsToken: env.GRID_DISPATCH_METRICS_TOKEN || undefined,
    // GRID_DISPATCH_ADMISSION=off: no load shedding (e.g. behind a proxy that already limits).
    admission: env.GRID_DISPATCH_ADMISSION === 'off' ? false : admission,
    cluster,
  };
}
