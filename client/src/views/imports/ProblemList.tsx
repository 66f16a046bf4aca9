import { useEffect, useMemo, useRef } from 'react';
import type { ImportProblem } from '../../../../shared/domain/table-import.ts';
import type { GridProblem } from '../../../../shared/grid-validation/grid-problems.ts';
import { formatLonLat } from '../../format.ts';
import type { MessageKey, Translate } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { groupGridProblems, groupTableProblems, type ProblemGroup } from './problem-groups.ts';

/** The group title of a grid problem code (the zh-CN/English name of the kind). */
export function gridProblemLabel(code: string, t: Translate): string {
  const key = `impProb${code}` as MessageKey;
  return t(key) ?? code;
}

interface Entry {
  i: number;
  severity: 'error' | 'warning';
  /** Which feature or cell: what the editor looks for in the file. */
  subject: string;
  message: string;
  located: boolean;
  where?: string;
}

interface Section {
  key: string;
  title: string;
  severity: 'error' | 'warning';
  entries: Entry[];
}

function gridSections(problems: readonly GridProblem[], t: Translate): Section[] {
  return groupGridProblems(problems).map((g: ProblemGroup<GridProblem>) => ({
    key: g.key,
    title: gridProblemLabel(g.key, t),
    severity: g.severity,
    entries: g.items.map(({ i, problem: p }) => ({
      i,
      severity: p.severity,
      subject: p.codes?.length ? p.codes.join(' · ') : p.feature !== undefined ? t('impFeatureN', { n: p.feature + 1 }) : '',
      message: p.message,
      located: !!p.location,
      ...(p.location ? { where: formatLonLat(p.location[0], p.location[1]) } : {}),
    })),
  }));
}

function tableSections(problems: readonly ImportProblem[], t: Translate): Section[] {
  return groupTableProblems(problems).map((g) => ({
    key: g.key,
    title: g.key === '' ? t('impFileLevel') : t('impColumn', { name: g.key }),
    severity: g.severity,
    entries: g.items.map(({ i, problem: p }) => ({
      i,
      severity: p.severity,
      subject: p.cell ?? (p.row !== undefined ? t('impRowN', { n: p.row }) : (p.path ?? '')),
      message: p.message,
      located: true,
    })),
  }));
}

export interface ProblemListProps {
  kind: 'grid' | 'table';
  problems: readonly (GridProblem | ImportProblem)[];
  selected: number | null;
  onPick(i: number): void;
}

/** The report's problems grouped by kind (grids) or by column (tables), each naming the feature code or cell. */
export function ProblemList({ kind, problems, selected, onPick }: ProblemListProps) {
  const { t } = useI18n();
  const sections = useMemo(
    () => (kind === 'grid' ? gridSections(problems as GridProblem[], t) : tableSections(problems as ImportProblem[], t)),
    [kind, problems, t],
  );
  const listRef = useRef<HTMLDivElement>(null);
  // A marker clicked on the map brings its entry into view.
  useEffect(() => {
    if (selected === null) return;
    listRef.current?.querySelector(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <div className="imp-problems" ref={listRef} data-testid="problem-list">
      {sections.map((section) => (
        <section key={section.key || '-'} className={`imp-group is-${section.severity}`} data-testid="problem-group" data-key={section.key}>
          <h3>
            <span className={`imp-sev is-${section.severity}`}>{section.severity === 'error' ? t('impErrors') : t('impWarnings')}</span>
            {section.title}
            <span className="count">{section.entries.length}</span>
          </h3>
          <ul>
            {section.entries.map((entry) => (
              <li key={entry.i}>
                <button
                  type="button"
                  className={`imp-problem${entry.i === selected ? ' is-selected' : ''}`}
                  data-testid="problem"
                  data-index={entry.i}
                  data-key={section.key}
                  aria-pressed={entry.i === selected}
                  onClick={() => onPick(entry.i)}
                >
                  {entry.subject ? <span className="imp-subject">{entry.subject}</span> : null}
                  <span className="imp-message">{entry.message}</span>
                  {kind === 'grid' ? <span className="imp-where">{entry.where ?? t('impNoLocation')}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
