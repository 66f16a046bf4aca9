import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImportProblem } from '../../../../shared/domain/table-import.ts';
import type { GridProblem } from '../../../../shared/grid-validation/grid-problems.ts';
import { ApiError } from '../../api/rest.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { importApi, uploadFile, type UploadDrawing } from './import-api.ts';
import { defaultCrs, errorKey, fileContentType, uploadPath, type CrsChoice } from './import-request.ts';
import type { ApplyResult, ImportJobView as ImportJob, ImportKind, ImportOptions } from '../../../../shared/protocol/imports.ts';
import { ImportForm } from './ImportForm.tsx';
import { ImportMap, type FlyRequest } from './ImportMap.tsx';
import { CheckProgress, ReportSummary } from './ImportStatus.tsx';
import { ProblemList } from './ProblemList.tsx';
import './imports.css';

const POLL_MS = 400;

/** What went wrong, in words the user can act on, with the server's own message beneath. */
interface Failure {
  key: MessageKey;
  detail: string | null;
}

function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) return { key: errorKey(error.code), detail: error.message };
  return { key: 'impErrOther', detail: error instanceof Error ? error.message : String(error) };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * /imports: county GIS and configuration staff upload grids (GeoJSON, zipped Shapefile), the
 * matter catalogue or a county's devolution (CSV, XLSX); the server checks them (a grid in the
 * background, polled for progress), the report lists every problem and where it is, and a clean
 * report can be applied as the next version.
 */
export function ImportsPage() {
  const { t } = useI18n();
  const [options, setOptions] = useState<ImportOptions | null>(null);
  const [optionsError, setOptionsError] = useState<Failure | null>(null);
  const [county, setCounty] = useState('');
  const [kind, setKind] = useState<ImportKind>('grid');
  const [crs, setCrs] = useState<CrsChoice>('WGS84');
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [drawing, setDrawing] = useState<UploadDrawing | null>(null);
  const [drawingNote, setDrawingNote] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [fly, setFly] = useState<FlyRequest | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [currentVersion, setCurrentVersion] = useState<number | null>(null);
  const uploadAbort = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    importApi
      .options(controller.signal)
      .then((answer) => {
        setOptions(answer);
        // ?county= preselects (as on the other pages), when the account manages it.
        const wanted = new URLSearchParams(window.location.search).get('county')?.slice(0, 6);
        const first = answer.counties.find((c) => c.code.startsWith(wanted ?? '-')) ?? answer.counties[0];
        setCounty(first?.code ?? '');
        if (!first && answer.catalogue) setKind('catalogue');
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setOptionsError(failureOf(error));
      });
    return () => controller.abort();
  }, []);

  const countyInfo = options?.counties.find((c) => c.code === county) ?? null;
  const blocked: MessageKey | null = !options
    ? null
    : kind === 'catalogue'
      ? options.catalogue
        ? null
        : 'impCatalogueAdminOnly'
      : !countyInfo
        ? 'impNoCounties'
        : kind === 'devolution' && !countyInfo.devolution
          ? 'impNoDevolution'
          : null;

  const reset = useCallback(() => {
    uploadAbort.current?.abort();
    setUploading(null);
    setJob(null);
    setDrawing(null);
    setDrawingNote(null);
    setSelected(null);
    setFly(null);
    setFailure(null);
    setApplied(null);
  }, []);

  // The version the upload would replace, refreshed after an apply.
  useEffect(() => {
    if (!county && kind !== 'catalogue') return;
    const code = county || options?.counties[0]?.code;
    if (!code) return;
    const controller = new AbortController();
    const load = kind === 'grid' ? importApi.gridVersion(code, controller.signal).then((v) => v.current) : importApi.ruleVersions(code, controller.signal).then((v) => (kind === 'catalogue' ? v.current.catalogue : v.current.config));
    load.then(setCurrentVersion).catch(() => setCurrentVersion(null));
    return () => controller.abort();
  }, [county, kind, applied, options]);

  // A grid is checked in the background: poll it until the report is there.
  const jobId = job?.id ?? null;
  const checking = job?.kind === 'grid' && job.state === 'checking';
  useEffect(() => {
    if (!jobId || !checking) return;
    const controller = new AbortController();
    (async () => {
      for (;;) {
        await sleep(POLL_MS, controller.signal);
        const next = await importApi.job(jobId, controller.signal);
        setJob(next);
        if (next.kind !== 'grid' || next.state !== 'checking') return;
      }
    })().catch((error: unknown) => {
      if (!isAbort(error)) setFailure(failureOf(error));
    });
    return () => controller.abort();
  }, [jobId, checking]);

  // The uploaded polygons, to draw the problems on; they are ready as soon as the file is read, which
  // the job shows by its first progress step (the check worker reports the drawing before any), so
  // the page asks once then instead of polling into 409 IMPORT_NOT_READY answers.
  const drawingReady = job?.kind === 'grid' && (job.progress !== null || job.state !== 'checking');
  useEffect(() => {
    if (!jobId || !drawingReady) return;
    const controller = new AbortController();
    (async () => {
      for (;;) {
        try {
          setDrawing(await importApi.drawing(jobId, controller.signal));
          return;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'IMPORT_NOT_READY') await sleep(POLL_MS, controller.signal);
          else throw error;
        }
      }
    })().catch((error: unknown) => {
      if (!isAbort(error)) setDrawingNote(error instanceof Error ? error.message : String(error));
    });
    return () => controller.abort();
  }, [jobId, drawingReady]);

  const upload = useCallback(async () => {
    if (!file) {
      setFailure({ key: 'impNoFile', detail: null });
      return;
    }
    const type = fileContentType(kind, file.name);
    reset();
    if (!type.ok) {
      setFailure({ key: type.error, detail: file.name });
      return;
    }
    const controller = new AbortController();
    uploadAbort.current = controller;
    setUploading(0);
    try {
      const started = await uploadFile(uploadPath(kind, county, crs), file, type.contentType, setUploading, controller.signal);
      setJob(started);
    } catch (error) {
      if (!isAbort(error)) setFailure(failureOf(error));
    } finally {
      if (uploadAbort.current === controller) setUploading(null);
    }
  }, [file, kind, county, crs, reset]);

  const apply = useCallback(async () => {
    if (!job) return;
    setApplying(true);
    setFailure(null);
    try {
      setApplied(await importApi.apply(job.id));
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setApplying(false);
    }
  }, [job]);

  const pick = useCallback((i: number) => {
    setSelected(i);
    setFly((current) => ({ i, nonce: (current?.nonce ?? 0) + 1 }));
  }, []);

  const problems = useMemo<readonly (GridProblem | ImportProblem)[]>(() => job?.report?.problems ?? [], [job?.report?.problems]);
  const gridProblems = useMemo(() => (job?.kind === 'grid' ? (problems as GridProblem[]) : []), [job?.kind, problems]);
  const showMap = kind === 'grid';
  const busy = uploading !== null || checking;
  const total = job?.report ? job.report.problemCount.error + job.report.problemCount.warning : 0;

  return (
    <div className="console imports" data-testid="imports-page">
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <span className="page-title">{t('impTitle')}</span>
      </header>
      <main className={`imports-body${showMap ? ' has-map' : ''}`}>
        <aside className="imp-panel">
          <h2>{t('impTitle')}</h2>
          {optionsError ? (
            <p className="load-error" role="alert">
              {t(optionsError.key)} <small>{optionsError.detail}</small>
            </p>
          ) : null}
          {options ? (
            <ImportForm
              options={options}
              county={county}
              kind={kind}
              crs={crs}
              file={file}
              busy={busy}
              currentVersion={currentVersion}
              blocked={blocked}
              onCounty={(code) => {
                setCounty(code);
                reset();
              }}
              onKind={(k) => {
                setKind(k);
                setFile(null);
                reset();
              }}
              onCrs={setCrs}
              onFile={(f) => {
                setFile(f);
                if (f && kind === 'grid') setCrs(defaultCrs(f.name));
              }}
              onSubmit={() => void upload()}
            />
          ) : !optionsError ? (
            <p className="empty-list">{t('loading')}</p>
          ) : null}
          <CheckProgress uploading={uploading} job={job} />
          {failure ? (
            <div className="imp-failure" role="alert" data-testid="import-error">
              <strong>{t(failure.key)}</strong>
              {failure.detail ? (
                <small>
                  {t('impServerSays')}
                  {t('colon')}
                  {failure.detail}
                </small>
              ) : null}
            </div>
          ) : null}
        </aside>
        {showMap ? (
          <section className="map-area">
            <ImportMap countyBbox={countyInfo?.bbox ?? null} drawing={drawing} problems={gridProblems} selected={selected} fly={fly} onSelect={setSelected} />
            {job && !drawing ? <p className="map-hint imp-map-note">{drawingNote ? `${t('impMapNoDrawing')}：${drawingNote}` : t('impMapLoading')}</p> : null}
            <p className="map-legend imp-legend">
              <span className="swatch upload" /> {t('impMapUploaded')} <span className="swatch area" /> {t('impMapArea')} <span className="dot problem" /> {t('impMapProblem')}
            </p>
          </section>
        ) : null}
        <section className="imp-report" data-testid="report">
          <h2>
            {t('impReport')}
            {job?.report ? <span className="count">{total}</span> : null}
          </h2>
          {job?.report ? (
            <>
              <ReportSummary job={job} applying={applying} applied={applied} onApply={() => void apply()} />
              {problems.length < total ? <p className="imp-listed">{t('impListed', { shown: problems.length, total })}</p> : null}
              {problems.length === 0 ? <p className="empty-list">{t('impNoProblems')}</p> : showMap ? <p className="imp-hint">{t('impSelectHint')}</p> : null}
              <ProblemList kind={job.kind === 'grid' ? 'grid' : 'table'} problems={problems} selected={selected} onPick={pick} />
            </>
          ) : (
            <p className="empty-list">{busy ? t('impChecking') : t('impNoFile')}</p>
          )}
        </section>
      </main>
    </div>
  );
}
