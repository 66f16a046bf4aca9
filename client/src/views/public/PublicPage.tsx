import { useEffect, useMemo, useState } from 'react';
import { normalizeCountyCode, type CountySummary, type GridCollection } from '../../../../shared/domain/grid.ts';
import type { PublicBodiesResponse, PublicBody, PublicCatalogueResponse } from '../../../../shared/protocol/public.ts';
import { getCounties, getGrids } from '../../api/rest.ts';
import { useI18n } from '../../state/lang.tsx';
import { fetchBodies, fetchCatalogue } from './public-api.ts';
import { PublicMap, teamColors } from './PublicMap.tsx';
import './public.css';
import { PageHeader } from '../PageHeader.tsx';

function todayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const KIND_ORDER: PublicBody['kind'][] = ['dispatch-center', 'bureau-brigade', 'township-team', 'squadron', 'department', 'department-station'];

/** /public?county=CODE: who enforces where, and who holds which matter, for anyone (no sign-in). */
export function PublicPage() {
  const { t } = useI18n();
  const [counties, setCounties] = useState<CountySummary[] | null>(null);
  const [countyCode, setCountyCode] = useState<string | null>(() => {
    const raw = new URLSearchParams(window.location.search).get('county');
    return raw ? normalizeCountyCode(raw) : null;
  });
  const [bodies, setBodies] = useState<PublicBodiesResponse | null>(null);
  const [grids, setGrids] = useState<{ code: string; outline: GridCollection; townships: GridCollection } | null>(null);
  const [township, setTownship] = useState<string | null>(null);
  const [date, setDate] = useState(todayInShanghai);
  const [catalogue, setCatalogue] = useState<PublicCatalogueResponse | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getCounties(controller.signal)
      .then((list) => {
        setCounties(list);
        setCountyCode((current) => (current && list.some((c) => c.code === current) ? current : (list[0]?.code ?? null)));
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(String(e)));
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!countyCode) return;
    const controller = new AbortController();
    setBodies(null);
    setTownship(null);
    fetchBodies(countyCode, controller.signal)
      .then((b) => {
        setBodies(b);
        setTownship(b.townships[0]?.code ?? null);
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(String(e)));
    Promise.all([getGrids(countyCode, 'county', controller.signal), getGrids(countyCode, 'township', controller.signal)])
      .then(([outline, townships]) => setGrids({ code: countyCode, outline, townships }))
      .catch(() => undefined);
    const url = new URL(window.location.href);
    url.searchParams.set('county', countyCode.slice(0, 6));
    window.history.replaceState(null, '', url);
    return () => controller.abort();
  }, [countyCode]);

  useEffect(() => {
    if (!countyCode || !township || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    const controller = new AbortController();
    fetchCatalogue(countyCode, township, date, controller.signal)
      .then(setCatalogue)
      .catch((e: unknown) => !controller.signal.aborted && setError(String(e)));
    return () => controller.abort();
  }, [countyCode, township, date]);

  const county = counties?.find((c) => c.code === countyCode) ?? null;
  const townshipName = useMemo(() => new Map((bodies?.townships ?? []).map((s) => [s.code, s.name])), [bodies]);
  const colors = useMemo(() => teamColors(bodies?.townships ?? []), [bodies]);
  const rows = useMemo(() => {
    const q = search.trim();
    const entries = catalogue?.entries ?? [];
    if (!q) return entries;
    return entries.filter((e) => [e.code, e.name, e.domain, e.legalBasis, e.holder.name].some((field) => field.includes(q)));
  }, [catalogue, search]);
  const groups = useMemo(() => KIND_ORDER.map((kind) => (bodies?.bodies ?? []).filter((b) => b.kind === kind)).filter((g) => g.length > 0), [bodies]);
  const gridsHere = grids?.code === countyCode ? grids : null;

  return (
    <div className="pub-page" data-testid="public">
      <PageHeader title={<>{county?.name ?? ''} {t('pubTitle')}</>} counties={counties} county={countyCode} onCountyChange={setCountyCode} selectTestId="public-county" />
      <main className="pub-body">
        {error ? (
          <p className="pub-error" role="alert">
            {error}
          </p>
        ) : null}
        <section className="pub-top">
          <div className="pub-map-box">
            <PublicMap county={county} outline={gridsHere?.outline ?? null} townships={gridsHere?.townships ?? null} settings={bodies?.townships ?? []} selected={township} onSelect={setTownship} />
            <p className="pub-note">{t('pubIllustrative')}</p>
          </div>
          <aside className="pub-side">
            <section className="pub-card pub-report" data-testid="public-how-to-report">
              <h2>{t('pubHowToReport')}</h2>
              <ol>
                <li>{t('pubReportHotline')}</li>
                <li>{t('pubReportGrid')}</li>
                <li>{t('pubReportOnline')}</li>
              </ol>
              <p>{t('pubReportFlow')}</p>
              {bodies ? <p className="pub-center">{bodies.dispatchCenter.name}</p> : null}
            </section>
            <section className="pub-card pub-bodies" data-testid="public-bodies">
              <h2>{t('pubBodies')}</h2>
              {groups.map((group) => (
                <div key={group[0]?.kind}>
                  <h3>{group[0]?.kindLabel}</h3>
                  <ul>
                    {group.map((b) => (
                      <li key={b.id} data-body-id={b.id}>
                        {colors.has(b.id) ? <i className="pub-swatch" style={{ background: colors.get(b.id) }} /> : null}
                        <strong>{b.name}</strong>
                        <span className="pub-area">
                          {b.countyWide
                            ? t('pubCountyWide')
                            : [...b.townshipCodes.map((c) => townshipName.get(c) ?? c), ...b.areaNames].join('、')}
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          </aside>
        </section>
        {bodies ? (
          <section className="pub-card pub-assumptions" data-testid="public-assumptions">
            <p className="pub-source">
              {t('pubSource')}
              {t('colon')}
              {bodies.source}
            </p>
            {bodies.assumptions.length > 0 ? (
              <>
                <h2>{t('pubAssumptions')}</h2>
                <ul>
                  {bodies.assumptions.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ) : null}
        <section className="pub-card pub-catalogue" data-testid="public-catalogue">
          <h2>{t('pubCatalogue')}</h2>
          <div className="pub-filters">
            <label>
              {t('pubTownship')}
              <select value={township ?? ''} onChange={(e) => setTownship(e.target.value)} data-testid="public-township">
                {(bodies?.townships ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('pubDate')}
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="public-date" />
            </label>
            <input type="search" placeholder={t('pubSearch')} value={search} onChange={(e) => setSearch(e.target.value)} className="pub-search" />
            {catalogue ? (
              <span className="pub-counts" data-testid="public-counts">
                {t('pubLevelTownship')} {catalogue.counts.township} {t('pubMattersShown')} · {t('pubLevelCounty')} {catalogue.counts.county} {t('pubMattersShown')}
              </span>
            ) : null}
          </div>
          {(() => {
            const s = bodies?.townships.find((x) => x.code === township);
            if (!s) return null;
            return (
              <p className="pub-township-info">
                {t('pubEnforcedBy')}：{s.administeredBy ? `${s.administeredBy.name}（${s.administeredBy.note}）` : (s.teamName ?? bodies?.bureauName)}
                {s.cluster ? ` · ${s.cluster.name}` : ''}
              </p>
            );
          })()}
          <table className="pub-table" data-testid="public-catalogue-table">
            <thead>
              <tr>
                <th>{t('pubCode')}</th>
                <th>{t('pubMatter')}</th>
                <th>{t('pubDomain')}</th>
                <th>{t('pubLegalBasis')}</th>
                <th>{t('pubHolder')}</th>
                <th>{t('pubLevel')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.code} data-code={e.code} title={e.reason}>
                  <td className="pub-code">{e.code}</td>
                  <td>{e.name}</td>
                  <td className="pub-nowrap">{e.domain}</td>
                  <td>{e.legalBasis}</td>
                  <td>{e.holder.name}</td>
                  <td className="pub-nowrap">
                    <span className={`pub-level is-${e.level}`}>{e.level === 'township' ? t('pubLevelTownship') : t('pubLevelCounty')}</span>
                    {e.devolution ? <small> {e.devolution.batchName}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </div>
  );
}
