import { useState } from 'react';
import type { LonLat } from '../../../shared/domain/incident.ts';
import type { ReportInput } from '../../../shared/protocol/reports.ts';
import { ApiError, postReport, type ReportAccepted } from '../api/rest.ts';
import { ReportForm } from './ReportForm.tsx';
import { ReportError, RouteAnswer } from './RouteAnswer.tsx';

type Phase =
  | { kind: 'editing' }
  | { kind: 'submitting' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'accepted'; accepted: ReportAccepted };

export interface ReportPanelProps {
  at: LonLat;
  onAccepted(accepted: ReportAccepted): void;
  onClose(): void;
}

/** Form → POST → routing answer; on an error the form stays filled in for a correction. */
export function ReportPanel({ at, onAccepted, onClose }: ReportPanelProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });

  const submit = (input: ReportInput) => {
    setPhase({ kind: 'submitting' });
    postReport(input)
      .then((accepted) => {
        setPhase({ kind: 'accepted', accepted });
        onAccepted(accepted);
      })
      .catch((cause: unknown) => {
        const error = cause instanceof ApiError ? cause : new ApiError(0, 'CLIENT', cause instanceof Error ? cause.message : String(cause));
        setPhase({ kind: 'failed', error });
      });
  };

  if (phase.kind === 'accepted') return <RouteAnswer accepted={phase.accepted} onClose={onClose} />;
  return (
    <div className="report-panel">
      {phase.kind === 'failed' ? <ReportError code={phase.error.code} params={phase.error.params} issues={phase.error.issues} /> : null}
      <ReportForm at={at} submitting={phase.kind === 'submitting'} onSubmit={submit} onCancel={onClose} />
    </div>
  );
}
