/**
 * The public disclosure endpoints (no sign-in): who enforces where, and which body holds which
 * matter in each township on a day, with its legal basis. The reform documents require both to
 * be published (权责清单、执法主体公示).
 */
import { z } from 'zod';
import type { UnitKind } from '../domain/unit.ts';

const countyCode = z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923');

export const publicBodiesQuerySchema = z.strictObject({ county: countyCode });

export const publicCatalogueQuerySchema = z.strictObject({
  county: countyCode,
  township: z.string().regex(/^\d{12}$/, 'township: a 12-digit township code'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD (Asia/Shanghai)')
    .optional()
    .describe('the day the holders apply to; default today'),
});

export interface PublicBody {
  id: string;
  name: string;
  kind: UnitKind;
  kindLabel: string;
  parentId: string | null;
  /** Townships the body works in as a whole (a team, a hub team's cluster, a station). */
  townshipCodes: string[];
  /** Villages of a squadron's area. */
  villageCodes: string[];
  /** Named areas (squadron 责任区). */
  areaNames: string[];
  /** Acts county-wide (bureau brigades, departments, the dispatch center). */
  countyWide: boolean;
  note: string | null;
}

export interface PublicTownship {
  code: string;
  name: string;
  /** The team enforcing there: its own, or its "1+X" hub's. null = the county bodies act directly. */
  teamId: string | null;
  teamName: string | null;
  cluster: { id: string; name: string; hubTownship: string } | null;
  administeredBy: { unitId: string; name: string; note: string } | null;
}

export interface PublicBodiesResponse {
  county: { code: string; name: string };
  bureauName: string;
  dispatchCenter: { id: string; name: string };
  bodies: PublicBody[];
  townships: PublicTownship[];
  /** Where the configuration comes from (a seed document). */
  source: string;
  /** What the configuration assumes where that document is silent, labelled as assumptions for the public. */
  assumptions: string[];
}

export interface PublicCatalogueEntry {
  code: string;
  name: string;
  /** Pinyin initials of the name, for search (shared/domain/matter-search.ts). */
  initials: string;
  domain: string;
  legalBasis: string;
  holder: { id: string; name: string; kind: UnitKind };
  /** township: devolved (赋权) or delegated in the township; county: held at county level. */
  level: 'township' | 'county';
  devolution: { batchName: string; effectiveFrom: string } | null;
  simpleProcedure: boolean;
  /** The rule that decided the holder, in plain words. */
  reason: string;
}

export interface PublicCatalogueResponse {
  county: { code: string; name: string };
  township: { code: string; name: string };
  date: string;
  entries: PublicCatalogueEntry[];
  counts: { township: number; county: number };
}
