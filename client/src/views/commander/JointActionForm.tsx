import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { PARTICIPANT_GROUPS, defaultParticipants, type JointActionArea, type JointActionKind, type ParticipantGroup, type ParticipantOption } from '../../../../shared/domain/joint-action.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import { ApiError } from '../../api/rest.ts';
import { useI18n } from '../../state/lang.tsx';
import { jointApi, newKey } from './api.ts';

const GROUP_KEYS: Record<ParticipantGroup, MessageKey> = {
  hub: 'jaGroupHub',
  radiated: 'jaGroupRadiated',
  neighbour: 'jaGroupNeighbour',
  station: 'jaGroupStation',
  brigade: 'jaGroupBrigade',
  department: 'jaGroupDepartment',
};

export type AreaMode = 'grids' | 'draw';

export interface JointActionFormProps {
  area: JointActionArea | null;
  /** Townships the chosen area touches (from the grids picked or the drawn ring). */
  townships: string[];
  townshipNames: ReadonlyMap<string, string>;
  mode: AreaMode;
  onModeChange(mode: AreaMode): void;
  onClearArea(): void;
  onCreated(action: JointActionView): void;
  /** The initiator's ground (from the session): what the county's rule is measured against. */
  initiator: { countyWide: boolean; homeTownships: readonly string[]; unitId?: string };
}

const HOUR = 3_600_000;

/** `YYYY-MM-DDTHH:mm` in Asia/Shanghai for <input type="datetime-local">. */
function localInput(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string {
  return new Date(`${value}:00+08:00`).toISOString();
}

/** 发起联合执法 / 专项行动: kind, what, when, the area (on the map), and the units (1+1+X preselected). */
export function JointActionForm({ area, townships, townshipNames, mode, onModeChange, onClearArea, onCreated, initiator }: JointActionFormProps) {
  const { t } = useI18n();
  const [kind, setKind] = useState<JointActionKind>('joint');
  const [title, setTitle] = useState('');
  const [brief, setBrief] = useState('');
  const [startsAt, setStartsAt] = useState(() => localInput(Date.now()));
  const [endsAt, setEndsAt] = useState(() => localInput(Date.now() + 4 * HOUR));
  const [options, setOptions] = useState<ParticipantOption[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const townshipKey = townships.join(',');
  const initiatorRef = useRef(initiator);
  initiatorRef.current = initiator;

  useEffect(() => {
    if (!townshipKey) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    jointApi
      .options(townshipKey.split(','), controller.signal)
      .then((answer) => {
        setOptions(answer.options);
        // 1+1+X and whatever the area needs (shared/domain/joint-action.ts: defaultParticipants).
        setChosen(new Set(defaultParticipants(answer.options, townshipKey.split(','), initiatorRef.current)));
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause instanceof Error ? cause.message : String(cause));
      });
    return () => controller.abort();
  }, [townshipKey]);

  // Mirrors the server's rule (shared decideCreate) for the notice only: the server decides.
  const needsApproval = useMemo(() => {
    if (initiator.countyWide) return false;
    if (townships.some((c) => !initiator.homeTownships.includes(c))) return true;
    return options.some((o) => chosen.has(o.unitId) && o.outsideOwnGround && o.unitId !== initiator.unitId);
  }, [options, chosen, townships, initiator]);

  const switchKind = (next: JointActionKind) => {
    setKind(next);
    const start = Date.parse(fromLocalInput(startsAt));
    setEndsAt(localInput(start + (next === 'campaign' ? 30 * 24 : 4) * HOUR));
  };

  const toggle = (unitId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(unitId)) next.delete(unitId);
      else next.add(unitId);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!area) return setError(t('jaAreaMissing'));
    setBusy(true);
    setError(null);
    try {
      const answer = await jointApi.create({ kind, title, brief, area, startsAt: fromLocalInput(startsAt), endsAt: fromLocalInput(endsAt), matterCodes: [], participantUnitIds: [...chosen] }, key);
      onCreated(answer.jointAction);
      setTitle('');
      setBrief('');
      setKey(newKey());
      onClearArea();
    } catch (cause) {
      setError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  const groups = PARTICIPANT_GROUPS.map((group) => [group, options.filter((o) => o.group === group)] as const).filter(([, list]) => list.length > 0);

  return (
    <form className="ja-form" data-testid="joint-action-form" onSubmit={submit}>
      <h2>{t('jaCreateTitle')}</h2>
      <fieldset className="ja-kind-switch">
        <label>
          <input type="radio" name="kind" value="joint" checked={kind === 'joint'} onChange={() => switchKind('joint')} /> {t('jaKindJoint')}
        </label>
        <label>
          <input type="radio" name="kind" value="campaign" checked={kind === 'campaign'} onChange={() => switchKind('campaign')} /> {t('jaKindCampaign')}
        </label>
      </fieldset>
      <label>
        <span>{t('jaTitle')}</span>
        <input name="title" required maxLength={120} value={title} placeholder={t('jaTitlePlaceholder')} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        <span>{t('jaBrief')}</span>
        <textarea name="brief" rows={2} maxLength={4000} value={brief} placeholder={t('jaBriefPlaceholder')} onChange={(e) => setBrief(e.target.value)} />
      </label>
      <div className="ja-window-inputs">
        <label>
          <span>{t('jaStartsAt')}</span>
          <input type="datetime-local" name="startsAt" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
        </label>
        <label>
          <span>{t('jaEndsAt')}</span>
          <input type="datetime-local" name="endsAt" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </label>
      </div>
      <fieldset className="ja-area">
        <legend>{t('jaArea')}</legend>
        <div className="ja-mode">
          <button type="button" className={mode === 'grids' ? 'is-on' : undefined} aria-pressed={mode === 'grids'} data-testid="area-mode-grids" onClick={() => onModeChange('grids')}>
            {t('jaAreaGrids')}
          </button>
          <button type="button" className={mode === 'draw' ? 'is-on' : undefined} aria-pressed={mode === 'draw'} data-testid="area-mode-draw" onClick={() => onModeChange('draw')}>
            {t('jaAreaDraw')}
          </button>
          <button type="button" onClick={onClearArea} disabled={!area}>
            {t('jaAreaClear')}
          </button>
        </div>
        <p className="ja-hint" data-testid="area-summary">
          {area
            ? `${area.kind === 'grids' ? `${t('jaAreaCells')} ${area.codes.length}` : `${t('jaAreaPoints')} ${area.ring.length}`} · ${townships.map((c) => townshipNames.get(c) ?? c).join('、')}`
            : mode === 'grids'
              ? t('jaAreaGridsHint')
              : t('jaAreaDrawHint')}
        </p>
      </fieldset>
      {groups.length > 0 ? (
        <fieldset className="ja-units" data-testid="participant-options">
          <legend>{t('jaParticipants')}</legend>
          {groups.map(([group, list]) => (
            <div key={group} className={`ja-unit-group group-${group}`} data-group={group}>
              <h4>{t(GROUP_KEYS[group])}</h4>
              {list.map((o) => (
                <label key={o.unitId} className={o.outsideOwnGround ? 'needs-approval' : undefined}>
                  {/* The initiating unit always takes part (it coordinates). */}
                  <input type="checkbox" name="participant" value={o.unitId} checked={o.unitId === initiator.unitId || chosen.has(o.unitId)} disabled={o.unitId === initiator.unitId} onChange={() => toggle(o.unitId)} />
                  {o.name}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      ) : null}
      <div className={`ja-rule${needsApproval ? ' is-approval' : ''}`} data-testid="county-rule">
        <p>{t('jaCountyRule')}</p>
        {area ? (
          <p className="ja-rule-verdict" data-testid={needsApproval ? 'needs-approval' : 'no-approval'}>
            {t(needsApproval ? 'jaRuleVerdictApproval' : 'jaRuleVerdictDirect')}
          </p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="ja-error" data-testid="joint-action-error">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !area || !title.trim()}>
          {busy ? t('submitting') : t('jaLaunch')}
        </button>
      </div>
    </form>
  );
}
