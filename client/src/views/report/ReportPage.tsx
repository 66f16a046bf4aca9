import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LonLat } from '../../../../shared/domain/incident.ts';
import type { PublicCatalogueEntry, PublicCatalogueResponse } from '../../../../shared/protocol/public.ts';
import { ApiError, postReport, type ReportAccepted } from '../../api/rest.ts';
import { sessionMe, sessionToken } from '../../api/session.ts';
import { DRAFT_LAYER, DRAFT_SOURCE, setSourceData } from '../../map/layers.ts';
import { useI18n } from '../../state/lang.tsx';
import { useCounties } from '../../state/useCounties.ts';
import { useGrids } from '../../state/useGrids.ts';
import { ReportError, RouteAnswer } from '../RouteAnswer.tsx';
import { bboxOf, cellAt } from '../commander/commander-layers.ts';
import { GridMap } from '../commander/GridMap.tsx';
import { PhoneHeader } from '../field/PhoneHeader.tsx';
import { FollowCase } from './FollowCase.tsx';
import { fitPhoto } from './photo.ts';
import { routePlace } from './place-names.ts';
import { previewRoute, type RoutePreview } from './report-api.ts';
import '../commander/commander.css';
import '../field/field.css';
import './report.css';

type Phase = { kind: 'editing' } | { kind: 'submitting' } | { kind: 'failed'; error: ApiError } | { kind: 'accepted'; accepted: ReportAccepted; photo: 'none' | 'uploading' | 'stored' | string };

/**
 * The grid member's report page (phone): where (device location or a tap on the map), what
 * (a matter from the catalogue, found by search), a photo and a description — and then where the
 * report was routed and why.
 */
export function ReportPage() {
  const [followed] = useState(() => new URLSearchParams(window.location.search).get('case'));
  if (followed) {
    return (
      <div className="field report-page" data-testid="report-page">
        <FollowCase id={followed} />
      </div>
    );
  }
  return <ReportForm />;
}

/** The draft marker draws under the grid names, so a name stays readable where the point is chosen. */
function keepLabelsAboveDraft(map: MapLibreMap): void {
  const label = map.getStyle().layers.find((layer) => layer.id.startsWith('grid-label-'));
  if (label && map.getLayer(DRAFT_LAYER)) map.moveLayer(DRAFT_LAYER, label.id);
}

function ReportForm() {
  const { t } = useI18n();
  // Read once: sessionMe() parses storage and returns new arrays on every call.
  const [me] = useState(sessionMe);
  const county = me?.actor.countyCode ?? null;
  const { counties } = useCounties();
  const { grids } = useGrids(county);
  const [at, setAt] = useState<LonLat | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [catalogue, setCatalogue] = useState<PublicCatalogueResponse | null>(null);
  const [search, setSearch] = useState('');
  const [matter, setMatter] = useState<PublicCatalogueEntry | null>(null);
  const [description, setDescription] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [geoError, setGeoError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [preview, setPreview] = useState<RoutePreview | 'loading' | null>(null);

  const ownTownship = me?.actor.townshipCode ?? null;
  const townships = useMemo(() => grids.township?.features ?? [], [grids.township]);
  const township = useMemo(() => (at ? (cellAt(townships, at.lon, at.lat)?.properties.code ?? null) : ownTownship), [at, townships, ownTownship]);
  const bbox = useMemo(() => {
    const own = townships.filter((f) => f.properties.code === ownTownship);
    return own.length > 0 ? bboxOf(own) : (counties?.find((c) => c.code === county)?.bbox ?? null);
  }, [townships, ownTownship, counties, county]);

  useEffect(() => {
    if (!county || !township) return;
    const controller = new AbortController();
    fetch(`/api/v1/public/catalogue?county=${county.slice(0, 6)}&township=${township}`, { signal: controller.signal })
      .then((r) => (r.ok ? (r.json() as Promise<PublicCatalogueResponse>) : null))
      .then(setCatalogue)
      .catch(() => undefined);
    return () => controller.abort();
  }, [county, township]);

  // Before sending: which village and group the point is in, and who will handle it (the intake's own router).
  const matterCode = matter?.code ?? null;
  useEffect(() => {
    if (!at) return setPreview(null);
    const controller = new AbortController();
    setPreview('loading');
    previewRoute(at, matterCode, controller.signal)
      .then(setPreview)
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setPreview({ kind: 'error', code: cause instanceof Error && cause.name === 'TypeError' ? 'NETWORK' : 'INTERNAL' });
      });
    return () => controller.abort();
  }, [at, matterCode]);

  useEffect(() => {
    if (!map) return;
    keepLabelsAboveDraft(map);
    setSourceData(map, DRAFT_SOURCE, { type: 'FeatureCollection', features: at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } }] : [] });
  }, [map, at]);

  const locate = () => {
    if (!navigator.geolocation) return setGeoError(t('fieldNoGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGeoError(null);
        const point = { lon: p.coords.longitude, lat: p.coords.latitude };
        setAt(point);
        map?.flyTo({ center: [point.lon, point.lat], zoom: Math.max(map.getZoom(), 14), duration: 0 });
      },
      (error) => setGeoError(error.message),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const onClick = useCallback((point: { lon: number; lat: number }) => setAt({ lon: point.lon, lat: point.lat }), []);

  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!catalogue || !q) return [];
    return catalogue.entries.filter((e) => e.name.toLowerCase().includes(q) || e.code.toLowerCase().includes(q) || e.domain.includes(q)).slice(0, 8);
  }, [catalogue, search]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!at) return;
    setPhase({ kind: 'submitting' });
    let accepted: ReportAccepted;
    try {
      accepted = await postReport({ lon: at.lon, lat: at.lat, crs: 'WGS84', description, source: 'grid-member', ...(matter ? { matterCode: matter.code } : {}) });
    } catch (cause) {
      return setPhase({ kind: 'failed', error: cause instanceof ApiError ? cause : new ApiError(0, 'CLIENT', String(cause)) });
    }
    if (!photo) return setPhase({ kind: 'accepted', accepted, photo: 'none' });
    setPhase({ kind: 'accepted', accepted, photo: 'uploading' });
    try {
      const blob = await fitPhoto(photo);
      const token = sessionToken();
      const res = await fetch(`/api/v1/attachments?incident=${accepted.id}`, { method: 'POST', headers: { 'content-type': blob.type || 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: blob });
      const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
      setPhase({ kind: 'accepted', accepted, photo: res.ok ? 'stored' : (body?.error?.message ?? `HTTP ${res.status}`) });
    } catch (cause) {
      setPhase({ kind: 'accepted', accepted, photo: cause instanceof Error ? cause.message : String(cause) });
    }
  };

  const reset = () => {
    setPhase({ kind: 'editing' });
    setDescription('');
    setPhoto(null);
    setMatter(null);
    setSearch('');
  };

  return (
    <div className="field report-page" data-testid="report-page">
      <PhoneHeader title={t('repTitle')} />
      <div className="report-map">
        <GridMap county={county} bbox={bbox} grids={grids} onReady={setMap} onClick={onClick} compact />
      </div>
      {phase.kind === 'accepted' ? (
        <section className="field-section">
          <p className="report-photo-state" data-testid="photo-state" data-state={phase.photo === 'stored' || phase.photo === 'none' || phase.photo === 'uploading' ? phase.photo : 'failed'}>
            {phase.photo === 'stored' ? t('repPhotoStored') : phase.photo === 'uploading' ? t('repPhotoUploading') : phase.photo === 'none' ? t('repNoPhoto') : `${t('repPhotoFailed')}${t('colon')}${phase.photo}`}
          </p>
          <div className="report-sent" data-testid="report-sent">
            <h2>{t('repSent')}</h2>
            <p className="report-case-number">
              {t('repCaseNumber')}
              {t('colon')}
              <code data-case-number>{phase.accepted.id}</code>
            </p>
            <a className="report-link-button" data-testid="follow-link" href={`/report?case=${encodeURIComponent(phase.accepted.id)}`}>
              {t('repFollow')}
            </a>
          </div>
          <RouteAnswer accepted={phase.accepted} onClose={reset} />
        </section>
      ) : (
        <form className="field-section report-form-phone" data-testid="report-form" onSubmit={submit}>
          {phase.kind === 'failed' ? <ReportError code={phase.error.code} params={phase.error.params} issues={phase.error.issues} /> : null}
          <div className="report-where">
            <button type="button" onClick={locate} data-testid="use-location">
              {t('repUseLocation')}
            </button>
            {at ? null : <span>{t('repTapMap')}</span>}
          </div>
          {at ? <WherePreview preview={preview} /> : null}
          {geoError ? <p className="ja-error">{geoError}</p> : null}
          <label>
            <span>{t('repMatter')}</span>
            <input type="search" name="matterSearch" value={search} placeholder={t('repMatterSearch')} onChange={(e) => setSearch(e.target.value)} />
          </label>
          {matter ? (
            <p className="report-matter" data-testid="report-matter" data-code={matter.code}>
              {matter.code} {matter.name} · {matter.holder.name}{' '}
              <button type="button" onClick={() => setMatter(null)}>
                ×
              </button>
            </p>
          ) : null}
          {matches.length > 0 && !matter ? (
            <ul className="report-matches" data-testid="matter-matches">
              {matches.map((e) => (
                <li key={e.code}>
                  <button type="button" data-code={e.code} onClick={() => { setMatter(e); setSearch(''); }}>
                    <strong>{e.name}</strong> <small>{e.code} · {e.domain}</small>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <label>
            <span>{t('description')}</span>
            <textarea name="description" rows={3} required maxLength={2000} value={description} placeholder={t('descriptionPlaceholder')} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label className="field-photo">
            <span>{t('repPhoto')}</span>
            <input type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/*" capture="environment" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
          </label>
          <button type="submit" className="primary big" disabled={!at || !description.trim() || phase.kind === 'submitting'}>
            {phase.kind === 'submitting' ? t('submitting') : t('submit')}
          </button>
        </form>
      )}
    </div>
  );
}

function WherePreview({ preview }: { preview: RoutePreview | 'loading' | null }) {
  const { t } = useI18n();
  if (preview === null) return null;
  if (preview === 'loading') return <p className="report-preview" data-testid="report-where">{t('repRouting')}</p>;
  if (preview.kind === 'error') return <ReportError code={preview.code} params={preview.params} issues={[]} />;
  const { route } = preview;
  return (
    <dl className="report-preview" data-testid="report-where" data-village={route.village.code} data-group={route.group.code}>
      <dt>{t('repWhere')}</dt>
      <dd data-testid="report-place">{routePlace(route)}</dd>
      <dd data-testid="report-unit" data-unit-id={route.unit.id}>
        {t('repWillGoTo', { unit: route.unit.name })}
      </dd>
    </dl>
  );
}
