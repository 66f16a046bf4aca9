import { z } from 'zod';
import { CRS_VALUES } from '../domain/incident.ts';
import { reportInputSchema } from './reports.ts';

/** One point of a dry-run routing request. `at` defaults to the server's now. */
export const routePointSchema = z.strictObject({
  id: z.string().max(100).optional(),
  lon: reportInputSchema.shape.lon,
  lat: reportInputSchema.shape.lat,
  crs: z.enum(CRS_VALUES).default('WGS84'),
  matterCode: reportInputSchema.shape.matterCode,
  at: z.iso.datetime({ offset: true }).optional(),
  major: z.boolean().optional(),
});
export type RoutePoint = z.infer<typeof routePointSchema>;

export const MAX_ROUTE_POINTS = 10_000;

/** POST /api/v1/route with `{points: [...]}`: up to 10,000 points. */
export const routeBatchSchema = z.strictObject({
  points: z.array(routePointSchema).min(1, 'points must not be empty').max(MAX_ROUTE_POINTS, `at most ${MAX_ROUTE_POINTS} points per request`),
});

/** A body with a `points` key is a batch; anything else is one point (so errors name the right fields). */
export function isRouteBatch(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'points' in body;
}
