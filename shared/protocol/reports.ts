import { z } from 'zod';
import { CRS_VALUES, REPORT_SOURCES } from '../domain/incident.ts';
import { GRID_LEVELS } from '../domain/grid.ts';

/** POST /api/v1/reports body. Numbers must be real JSON numbers: strings are refused, not coerced. */
export const reportInputSchema = z.strictObject({
  lon: z.number().finite().min(-180).max(180),
  lat: z.number().finite().min(-90).max(90),
  crs: z.enum(CRS_VALUES).default('WGS84'),
  matterCode: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'matterCode: letters, digits, . _ - (at most 40)')
    .optional(),
  description: z.string().trim().min(1, 'description must not be empty').max(2000),
  source: z.enum(REPORT_SOURCES),
});
export type ReportInput = z.infer<typeof reportInputSchema>;

export const gridsQuerySchema = z.strictObject({
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923'),
  level: z.enum(GRID_LEVELS).default('township'),
  v: z
    .string()
    .regex(/^\d{1,9}$/, 'v: the county\'s grid version from GET /grids/versions')
    .transform(Number)
    .optional()
    .describe('The county\'s grid version (GET /grids/versions): a URL naming the version served is cached for a year'),
});
