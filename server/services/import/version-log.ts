import { createHash } from 'node:crypto';
import { loadCountyConfig, type CountyConfig } from '../../../shared/domain/county-config.ts';
import type { GridCollection, GridFeature, GridLevel } from '../../../shared/domain/grid.ts';
import { parseCatalogueCsv, type Catalogue } from '../../../shared/domain/matters.ts';
import type { EventRecord, SpatialQueries, Store } from '../../repositories/store.ts';
import type { GridService, GridVersionUpdate } from '../grid-service.ts';

/**
 * Rule versions are event-sourced on the store's event log: applying an import is one commit of
 * one event holding the whole new version, so both stores and every node get it with no new table,
 * and the log says who applied what when. Version 1 is what the data files hold.
 */
export const VERSION_EVENTS = {
  grid: 'grid-version:applied',
  catalogue: 'catalogue-version:applied',
  config: 'county-config:applied',
} as const;

interface AppliedBase {
  version: number;
  appliedAt: string;
  /** The username that applied it. */
  appliedBy: string;
  /** The audit trail's actor convention. */
  actor: { userId: string; unitId?: string };
  /** sha256 of the uploaded file. */
  sourceHash: string;
  importId: string;
}

export interface GridVersionPayload extends AppliedBase {
  countyCode: string;
  counts: Record<GridLevel, number>;
  features: GridFeature[];
}

export interface CatalogueVersionPayload extends AppliedBase {
  matters: number;
  /** The catalogue in the data/catalogue/matters.csv format, parsed again on every node. */
  csv: string;
}

export interface ConfigVersionPayload extends AppliedBase {
  countyCode: string;
  /** What was imported (the devolution), for the version list. */
  part: 'devolution';
  config: CountyConfig;
}

/** One row of a version list (no contents). Version 1 (the data files) has no appliedAt/appliedBy. */
export interface VersionInfo {
  version: number;
  appliedAt: string | null;
  appliedBy: string | null;
  sourceHash: string;
  importId: string | null;
  /** The event carrying it; null for the files. */
  seq: number | null;
}

export interface GridVersionInfo extends VersionInfo {
  countyCode: string;
  counts: Record<GridLevel, number>;
}

export interface CatalogueVersionInfo extends VersionInfo {
  matters: number;
}

export interface ConfigVersionInfo extends VersionInfo {
  countyCode: string;
  batches: number;
  revocations: number;
}

const PAGE = 100;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function gridCounts(features: readonly GridFeature[]): Record<GridLevel, number> {
  const counts: Record<GridLevel, number> = { county: 0, township: 0, village: 0, group: 0 };
  for (const f of features) counts[f.properties.level]++;
  return counts;
}

const meta = (e: EventRecord, p: AppliedBase): VersionInfo => ({ version: p.version, appliedAt: p.appliedAt, appliedBy: p.appliedBy, sourceHash: p.sourceHash, importId: p.importId, seq: e.seq });

/**
 * Follows the event log and serves what it says: at start it replays every applied version (the
 * latest per county wins), then polls for versions other nodes applied. An event is accepted only
 * when its version is the next one and the rules it leads to are consistent (every county config
 * loads against the catalogue); every node decides this the same way, in log order, so two nodes
 * racing to apply the same version agree on the winner (the first committed) and the loser's
 * event stays in the log, rejected.
 */
export class VersionLog {
  private lastSeq = 0;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly verdicts = new Map<number, boolean>();
  private readonly gridHistory = new Map<string, GridVersionInfo[]>();
  private readonly catalogueHistory: CatalogueVersionInfo[];
  private readonly configHistory = new Map<string, ConfigVersionInfo[]>();

  constructor(
    private readonly deps: {
      store: Store;
      grids: GridService;
      /**
       * Where grid counts and tiles come from (the PostGIS grids table, or the in-process tile
       * cache): told about a grid version before this node serves it, so every answer moves together.
       */
      spatial?: Pick<SpatialQueries, 'replaceGrids'>;
      /** The catalogue CSV the server started from (for version 1's hash). */
      catalogueSource?: string;
      log?: (message: string, error?: unknown) => void;
    },
  ) {
    const { grids } = deps;
    for (const county of grids.counties) {
      const features = grids.features(county.code) ?? [];
      this.gridHistory.set(county.code, [{ countyCode: county.code, version: 1, appliedAt: null, appliedBy: null, importId: null, seq: null, sourceHash: sha256(JSON.stringify({ type: 'FeatureCollection', features })), counts: gridCounts(features) }]);
    }
    const catalogue = grids.jurisdiction.catalogue;
    this.catalogueHistory = [{ version: 1, appliedAt: null, appliedBy: null, importId: null, seq: null, sourceHash: sha256(deps.catalogueSource ?? JSON.stringify(catalogue.matters)), matters: catalogue.matters.length }];
    for (const [code, config] of grids.jurisdiction.configs) {
      this.configHistory.set(code, [{ countyCode: code, version: 1, appliedAt: null, appliedBy: null, importId: null, seq: null, sourceHash: sha256(JSON.stringify(config)), batches: config.devolution.batches.length, revocations: config.devolution.revocations.length }]);
    }
  }

  /** Reads the log up to its end and serves what it adds. Calls run one after another. */
  catchUp(): Promise<void> {
    const run = this.running.then(() => this.readAndApply());
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Polls every `ms` (unref'd: it never keeps a process alive). */
  start(ms: number): void {
    this.timer ??= setInterval(() => {
      this.catchUp().catch((error: unknown) => this.deps.log?.('[versions] catching up with the event log failed', error));
    }, ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Whether the version event at `seq` was accepted (after catchUp has read it); undefined if not read or not a version event. */
  verdict(seq: number): boolean | undefined {
    return this.verdicts.get(seq);
  }

  gridVersions(countyCode: string): GridVersionInfo[] {
    return [...(this.gridHistory.get(countyCode) ?? [])];
  }

  catalogueVersions(): CatalogueVersionInfo[] {
    return [...this.catalogueHistory];
  }

  configVersions(countyCode: string): ConfigVersionInfo[] {
    return [...(this.configHistory.get(countyCode) ?? [])];
  }

  private async readAndApply(): Promise<void> {
    const { grids, store } = this.deps;
    // Working copies: each event is judged against the state the events before it lead to.
    const gridVersion = new Map(grids.counties.map((c) => [c.code, grids.version(c.code).grid]));
    let catalogue: { catalogue: Catalogue; version: number } | null = null;
    let catalogueVersion = grids.catalogueVersionNow();
    const configs = new Map(grids.jurisdiction.configs);
    const configVersion = new Map([...configs.keys()].map((code) => [code, grids.version(code).config]));
    const gridUpdates = new Map<string, GridVersionUpdate>();
    const configUpdates = new Map<string, { config: CountyConfig; version: number }>();
    let currentCatalogue = grids.jurisdiction.catalogue;
    // The position, verdicts and history move on only once the versions are served: if reading
    // or building fails, the log is read again from here next time rather than skipped.
    let seq = this.lastSeq;
    const verdicts: [number, boolean][] = [];
    const recorded: (() => void)[] = [];

    for (;;) {
      const batch = await store.eventsAfter(seq, PAGE);
      for (const event of batch) {
        seq = event.seq;
        if (event.type === VERSION_EVENTS.grid) {
          const p = event.payload as GridVersionPayload;
          const ok = gridVersion.has(p.countyCode) && p.version === gridVersion.get(p.countyCode)! + 1;
          verdicts.push([event.seq, ok]);
          if (!ok) continue;
          gridVersion.set(p.countyCode, p.version);
          // Only the latest per county is built: a replay of many versions builds the index once.
          gridUpdates.set(p.countyCode, { version: p.version, collection: { type: 'FeatureCollection', features: p.features } as GridCollection });
          recorded.push(() => this.gridHistory.get(p.countyCode)?.push({ ...meta(event, p), countyCode: p.countyCode, counts: p.counts }));
        } else if (event.type === VERSION_EVENTS.catalogue) {
          const p = event.payload as CatalogueVersionPayload;
          const parsed = p.version === catalogueVersion + 1 ? parseCatalogueCsv(p.csv) : null;
          const ok = parsed?.ok === true && [...configs.values()].every((c) => loadCountyConfig(c, { catalogue: parsed.catalogue }).ok);
          verdicts.push([event.seq, ok]);
          if (!ok || !parsed?.ok) continue;
          catalogueVersion = p.version;
          currentCatalogue = parsed.catalogue;
          catalogue = { catalogue: parsed.catalogue, version: p.version };
          recorded.push(() => this.catalogueHistory.push({ ...meta(event, p), matters: p.matters }));
        } else if (event.type === VERSION_EVENTS.config) {
          const p = event.payload as ConfigVersionPayload;
          const loaded = configVersion.has(p.countyCode) && p.version === configVersion.get(p.countyCode)! + 1 ? loadCountyConfig(p.config, { catalogue: currentCatalogue }) : null;
          const ok = loaded?.ok === true && loaded.config.countyCode === p.countyCode;
          verdicts.push([event.seq, ok]);
          if (!ok || !loaded?.ok) continue;
          configVersion.set(p.countyCode, p.version);
          configs.set(p.countyCode, loaded.config);
          configUpdates.set(p.countyCode, { config: loaded.config, version: p.version });
          const { batches, revocations } = loaded.config.devolution;
          recorded.push(() => this.configHistory.get(p.countyCode)?.push({ ...meta(event, p), countyCode: p.countyCode, batches: batches.length, revocations: revocations.length }));
        }
      }
      if (batch.length < PAGE) break;
    }
    // The spatial copy first: if it fails, nothing is served and the log is read again from here
    // (the copy is idempotent per version). The other way round, this node would already serve
    // the version and judge its event "not the next version" on the retry.
    for (const [countyCode, update] of gridUpdates) await this.deps.spatial?.replaceGrids(countyCode, update.version, update.collection);
    if (gridUpdates.size > 0) grids.applyGridVersions(gridUpdates);
    if (catalogue || configUpdates.size > 0) grids.applyJurisdiction({ ...(catalogue ? { catalogue } : {}), configs: configUpdates });
    this.lastSeq = seq;
    for (const [at, ok] of verdicts) this.verdicts.set(at, ok);
    for (const record of recorded) record();
  }
}
