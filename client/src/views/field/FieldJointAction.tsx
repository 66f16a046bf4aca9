import { useState, type FormEvent } from 'react';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import { MAX_RESULT_ATTACHMENTS } from '../../../../shared/domain/joint-action.ts';
import { outboxRef, type Outbox, type OutboxEntry } from '../../state/outbox.ts';
import { useI18n } from '../../state/lang.tsx';
import { newKey } from '../commander/api.ts';
import { JointActionCard } from '../commander/JointActionCard.tsx';

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp';
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** A joint action on the phone: acknowledge for the unit, then report the result with photos — all through the outbox. */
export function FieldJointAction({ action, units, outbox, pending, fresh }: { action: JointActionView; units: readonly string[]; outbox: Outbox; pending: readonly OutboxEntry[]; fresh: boolean }) {
  const { t } = useI18n();
  const mine = action.participants.filter((p) => units.includes(p.unitId));
  const [summary, setSummary] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const waiting = pending.filter((e) => e.path.includes(action.id));

  const acknowledge = (unitId: string) =>
    outbox.enqueue({ method: 'POST', path: `/joint-actions/${action.id}/acknowledge`, body: { unitId }, label: `${t('jaAcknowledge')} · ${action.title}`, key: `ack:${action.id}:${unitId}` });

  const pickPhotos = (files: FileList | null) => {
    const list = [...(files ?? [])];
    const bad = list.find((f) => f.size > MAX_PHOTO_BYTES || !PHOTO_TYPES.split(',').includes(f.type));
    setPhotoError(bad ? `${bad.name}: ${t('fieldPhotoLimits')}` : null);
    setPhotos(list.filter((f) => f !== bad).slice(0, MAX_RESULT_ATTACHMENTS));
  };

  const report = (unitId: string) => (event: FormEvent) => {
    event.preventDefault();
    const refs = photos.map((photo) => {
      const key = newKey();
      outbox.enqueue({ method: 'POST', path: `/attachments?jointAction=${action.id}`, blob: photo, label: `${t('jaPhotos')} · ${photo.name}`, key });
      return outboxRef(key);
    });
    outbox.enqueue({ method: 'POST', path: `/joint-actions/${action.id}/report-result`, body: { unitId, summary, attachmentIds: refs }, label: `${t('jaReportResult')} · ${action.title}`, key: `result:${action.id}:${unitId}` });
    setSummary('');
    setPhotos([]);
  };

  return (
    <JointActionCard action={action} fresh={fresh} mine={units} showArea>
      {waiting.length > 0 ? (
        <p className="field-pending" data-testid="pending-for-action">
          {t('fieldQueued')} {waiting.length}
        </p>
      ) : null}
      {mine.map((p) =>
        action.status === 'proposed' ? null : !p.acknowledgedAt && !waiting.some((e) => e.key === `ack:${action.id}:${p.unitId}`) ? (
          <button key={p.unitId} type="button" className="primary big" data-testid="ack-joint" data-unit-id={p.unitId} onClick={() => acknowledge(p.unitId)}>
            {t('jaAcknowledge')}
            {mine.length > 1 ? ` · ${p.name}` : ''}
          </button>
        ) : !p.result && (action.status === 'active' || action.status === 'acknowledged') ? (
          <form key={p.unitId} className="field-result" data-testid="result-form" onSubmit={report(p.unitId)}>
            <label>
              <span>{t('jaReportResult')}</span>
              <textarea name="summary" rows={3} required maxLength={4000} value={summary} placeholder={t('fieldResultPlaceholder')} onChange={(e) => setSummary(e.target.value)} />
            </label>
            <label className="field-photo">
              <span>
                {t('jaPhotos')}（≤ {MAX_RESULT_ATTACHMENTS}，JPEG/PNG/WebP ≤ 5 MB）
              </span>
              <input type="file" name="photos" accept={PHOTO_TYPES} capture="environment" multiple onChange={(e) => pickPhotos(e.target.files)} />
            </label>
            {photoError ? <p className="ja-error">{photoError}</p> : null}
            <button type="submit" className="primary big" disabled={!summary.trim() || waiting.some((e) => e.key === `result:${action.id}:${p.unitId}`)}>
              {t('submit')}
              {photos.length > 0 ? `（${photos.length}）` : ''}
            </button>
          </form>
        ) : null,
      )}
    </JointActionCard>
  );
}
