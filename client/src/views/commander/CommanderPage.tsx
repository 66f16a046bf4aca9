import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { booleanIntersects, polygon as turfPolygon } from '@turf/turf';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GridFeature } from '../../../../shared/domain/grid.ts';
import { FINAL_JOINT_STATUSES, townshipOfCode, type JointActionArea } from '../../../../shared/domain/joint-action.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import { sessionMe } from '../../api/session.ts';
import { setSourceData } from '../../map/layers.ts';
import { useI18n } from '../../state/lang.tsx';
import { useCounties } from '../../state/useCounties.ts';
import { useGrids } from '../../state/useGrids.ts';
import { api } from './api.ts';
import { AREAS_SOURCE, CELLS_SOURCE, DRAW_SOURCE, OFFICERS_SOURCE, addCommanderLayers, areasCollection, bboxOf, cellAt, chosenCollection, drawCollection, officerCollection, scopeGrids } from './commander-layers.ts';
import { CommanderActions } from './CommanderActions.tsx';
import { GridMap } from './GridMap.tsx';
import { JointActionCard } from './JointActionCard.tsx';
import { JointActionForm, type AreaMode } from './JointActionForm.tsx';
import { useJointActions } from './useJointActions.ts';
import './commander.css';

type Tab = 'create' | 'list';

/**
 * The township commander's screen (a county commander sees the whole county): their grids, teams
 * and officers on the map; joint actions and campaigns launched over chosen cells or a drawn area,
 * followed live as the units acknowledge and report.
 */
export function CommanderPage() {
  const { t } = useI18n();
  // Read once: sessionMe() parses storage and returns new arrays on every call.
  const [me] = useState(sessionMe);
  const county = me?.actor.countyCode ?? null;
  const countyWide = me?.scope.countyWide ?? false;
  const own = useMemo(() => (countyWide ? null : new Set(me?.scope.townshipCodes ?? [])), [countyWide, me?.scope.townshipCodes]);
  const { counties } = useCounties();
  const { grids, county: gridsCounty } = useGrids(county);
  const scoped = useMemo(() => (gridsCounty === county ? scopeGrids(grids, own) : {}), [grids, gridsCounty, county, own]);
  const subscription = useMemo(() => (!me || !county ? null : countyWide ? { county } : { townships: me.scope.townshipCodes, teams: me.scope.unitIds }), [me, county, countyWide]);
  const feed = useJointActions(subscription);
  const [officers, setOfficers] = useState<OfficerRecord[]>([]);
  const [tab, setTab] = useState<Tab>('create');
  const [mode, setMode] = useState<AreaMode>('grids');
  const [cells, setCells] = useState<string[]>([]);
  const [ring, setRing] = useState<[number, number][]>([]);
  const [map, setMap] = useState<MapLibreMap | null>(null);

  const villages = useMemo(() => grids.village?.features ?? [], [grids.village]);
  const byCode = useMemo(() => {
    const index = new Map<string, GridFeature>();
    for (const level of ['township', 'village', 'group'] as const) for (const f of grids[level]?.features ?? []) index.set(f.properties.code, f);
    return index;
  }, [grids]);
  const townshipNames = useMemo(() => new Map((grids.township?.features ?? []).map((f) => [f.properties.code, f.properties.shortName])), [grids.township]);
  const bbox = useMemo(() => (own ? bboxOf(scoped.township?.features ?? []) : (counties?.find((c) => c.code === county)?.bbox ?? null)), [own, scoped.township, counties, county]);

  const area: JointActionArea | null = mode === 'grids' ? (cells.length > 0 ? { kind: 'grids', codes: cells } : null) : ring.length >= 3 ? { kind: 'polygon', ring } : null;
  const areaTownships = useMemo(() => {
    if (!area) return [];
    if (area.kind === 'grids') return [...new Set(area.codes.map(townshipOfCode))].sort();
    const drawn = turfPolygon([[...area.ring, area.ring[0]!]]);
    return (grids.township?.features ?? []).filter((f) => booleanIntersects(drawn, f)).map((f) => f.properties.code).sort();
  }, [area, grids.township]);

  useEffect(() => {
    if (!county) return;
    const controller = new AbortController();
    api<{ items: OfficerRecord[] }>('GET', `/officers?county=${county.slice(0, 6)}`, undefined, { signal: controller.signal })
      .then((answer) => setOfficers(answer.items))
      .catch(() => setOfficers([]));
    return () => controller.abort();
  }, [county]);
  const liveOfficers = useMemo(() => {
    const byId = new Map(officers.map((o) => [o.id, o]));
    for (const o of feed.officerUpdates) byId.set(o.id, o);
    return [...byId.values()];
  }, [officers, feed.officerUpdates]);

  const onReady = useCallback((instance: MapLibreMap) => {
    addCommanderLayers(instance);
    setMap(instance);
  }, []);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const onClick = useCallback(
    (at: { lon: number; lat: number }) => {
      if (modeRef.current === 'draw') {
        setRing((current) => [...current, [Number(at.lon.toFixed(6)), Number(at.lat.toFixed(6))]]);
        return;
      }
      const cell = cellAt(villages, at.lon, at.lat);
      if (!cell) return;
      const code = cell.properties.code;
      setCells((current) => (current.includes(code) ? current.filter((c) => c !== code) : [...current, code]));
    },
    [villages],
  );

  const open = useMemo(() => feed.actions.filter((a) => !FINAL_JOINT_STATUSES.includes(a.status)), [feed.actions]);
  useEffect(() => {
    if (!map) return;
    setSourceData(map, CELLS_SOURCE, chosenCollection(area, byCode));
    setSourceData(map, DRAW_SOURCE, drawCollection(mode === 'draw' ? ring : []));
    setSourceData(map, AREAS_SOURCE, areasCollection(open, byCode));
    setSourceData(map, OFFICERS_SOURCE, officerCollection(liveOfficers));
  }, [map, area, byCode, mode, ring, open, liveOfficers]);

  const clearArea = useCallback(() => {
    setCells([]);
    setRing([]);
  }, []);
  const onCreated = useCallback(
    (action: JointActionView) => {
      feed.put(action);
      setTab('list');
    },
    [feed],
  );
  const initiator = useMemo(() => ({ countyWide, homeTownships: me?.scope.townshipCodes ?? [], unitId: me?.actor.unitId }), [countyWide, me]);
  const place = own ? [...own].map((c) => townshipNames.get(c) ?? c).join('、') : (counties?.find((c) => c.code === county)?.name ?? '');

  return (
    <div className="console commander">
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <span className="page-title">
          {t('cmdTitle')} · <span data-testid="commander-place">{place}</span>
        </span>
        <span className={`live-status ${feed.connected ? 'is-live' : 'is-down'}`} data-testid="live-status" data-connected={feed.connected}>
          {feed.connected ? t('liveConnected') : t('liveDisconnected')}
        </span>
      </header>
      <main className="console-body">
        <section className="map-area">
          <GridMap county={county} bbox={bbox} grids={scoped} onReady={onReady} onClick={onClick} />
          <p className="map-hint">{mode === 'grids' ? t('jaAreaGridsHint') : t('jaAreaDrawHint')}</p>
          <p className="map-legend">
            <span className="dot officer" /> {t('cmdOfficers')} {liveOfficers.filter((o) => o.lastPosition).length} · <span className="dot area" /> {t('cmdOpenActions')} {open.length}
          </p>
        </section>
        <aside className="side-panel">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'create'} data-testid="tab-create" onClick={() => setTab('create')}>
              {t('jaCreateTitle')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'list'} data-testid="tab-list" onClick={() => setTab('list')}>
              {t('jaList')} <span className="count">{feed.actions.length}</span>
            </button>
          </div>
          {tab === 'create' ? (
            <JointActionForm area={area} townships={areaTownships} townshipNames={townshipNames} mode={mode} onModeChange={setMode} onClearArea={clearArea} onCreated={onCreated} initiator={initiator} />
          ) : (
            <div className="ja-list" data-testid="joint-action-list">
              {feed.actions.length === 0 ? <p className="empty-list">{t('jaNone')}</p> : null}
              {feed.actions.map((action) => (
                <JointActionCard key={action.id} action={action} fresh={feed.fresh.includes(action.id)} mine={me?.scope.unitIds ?? []}>
                  <CommanderActions action={action} countyWide={countyWide} onChanged={feed.put} />
                </JointActionCard>
              ))}
            </div>
          )}
          {feed.error ? (
            <p className="load-error" role="alert">
              {feed.error}
            </p>
          ) : null}
        </aside>
      </main>
    </div>
  );
}
