/**
 * GET /api/v1/stats (考评) and GET /api/v1/stats/wall (the command-hall wall's snapshot): query
 * schemas validated at the edge, and the answers' shapes. The numbers come from shared/evaluation.
 */
import { z } from 'zod';
import { EVALUATION_DIMENSIONS, type EvaluationReport } from '../evaluation/evaluate.ts';
import type { WallSummary } from '../evaluation/wall-snapshot.ts';
import type { IncidentStatus } from '../domain/incident.ts';

const countyCode = z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923');
const isoDateTime = z.iso.datetime({ offset: true });

/** GET /api/v1/stats. Without from/to: the current calendar month (Asia/Shanghai) up to now. */
export const statsQuerySchema = z
  .strictObject({
    county: countyCode,
    from: isoDateTime.optional().describe('inclusive lower bound on the time a case was received'),
    to: isoDateTime.optional().describe('exclusive upper bound on the time a case was received'),
    by: z.enum(EVALUATION_DIMENSIONS).default('team'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] });
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export interface StatsResponse extends EvaluationReport {
  county: { code: string; name: string };
  /** How the closing deadline was set for cases without one of their own. */
  assumptions: string[];
}

/** GET /api/v1/stats/wall. */
export const wallQuerySchema = z.strictObject({ county: countyCode });

/** A live marker: the last 24 hours of reports. */
export interface WallIncident {
  id: string;
  lon: number;
  lat: number;
  receivedAt: string;
  status: IncidentStatus;
  townshipCode: string;
}

/** A ticker line: one dispatch. */
export interface WallDispatch {
  incidentId: string;
  at: string;
  townshipName: string;
  villageName: string;
  unitName: string;
  description: string;
}

export interface WallSnapshot extends WallSummary {
  county: { code: string; name: string };
  /** Highest event-log seq included: live events at or below it are already counted. */
  seq: number;
  incidents: WallIncident[];
  dispatches: WallDispatch[];
}

/** Markers and hot-spot points cover this window. */
export const WALL_WINDOW_MS = 24 * 3_600_000;
/** Ticker length. */
export const WALL_TICKER_SIZE = 12;
/** At most this many markers (the newest). */
export const WALL_MAX_INCIDENTS = 5000;
