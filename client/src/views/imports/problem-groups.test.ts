import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../../../shared/domain/table-import.ts';
import { GRID_PROBLEM_CODES, problem, type GridProblem, type GridProblemCode } from '../../../../shared/grid-validation/grid-problems.ts';
import { LANGS } from '../../i18n/lang.ts';
import { MESSAGES, type MessageKey } from '../../i18n/catalogue.ts';
import { GRID_PROBLEM_ORDER, groupGridProblems, groupTableProblems, problemAreas, problemPoints } from './problem-groups.ts';

describe('grouping grid problems', () => {
  const list: GridProblem[] = [
    problem('REPEATED_VERTEX', 'w', { codes: ['a'], location: [1, 1] }),
    problem('OVERLAP', 'o1', { codes: ['b', 'c'], location: [2, 2], geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }),
    problem('SELF_INTERSECTION', 's', { codes: ['d'], location: [3, 3] }),
    problem('DUPLICATE_CODE', 'dup', { codes: ['e'] }),
    problem('OVERLAP', 'o2', { codes: ['f', 'g'], location: [4, 4] }),
    problem('MISSING_CODE', 'm', { feature: 7 }),
  ];

  it('groups by kind in fixing order, errors before warnings, keeping each problem\'s index in the report', () => {
    const groups = groupGridProblems(list);
    expect(groups.map((g) => g.key)).toEqual(['SELF_INTERSECTION', 'MISSING_CODE', 'DUPLICATE_CODE', 'OVERLAP', 'REPEATED_VERTEX']);
    expect(groups.map((g) => g.severity)).toEqual(['error', 'error', 'error', 'error', 'warning']);
    const overlap = groups.find((g) => g.key === 'OVERLAP')!;
    expect(overlap.items.map((x) => x.i)).toEqual([1, 4]);
    expect(overlap.items.map((x) => x.problem.message)).toEqual(['o1', 'o2']);
    // Every problem is listed exactly once.
    expect(groups.flatMap((g) => g.items.map((x) => x.i)).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('puts a code it does not know after the known ones instead of dropping it', () => {
    const odd = { code: 'SOMETHING_NEW', severity: 'error', message: '?' } as unknown as GridProblem;
    const groups = groupGridProblems([odd, list[2]!]);
    expect(groups.map((g) => g.key)).toEqual(['SELF_INTERSECTION', 'SOMETHING_NEW']);
  });

  it('orders every problem code the checker knows, and each has a label in every language', () => {
    expect([...GRID_PROBLEM_ORDER].sort()).toEqual(Object.keys(GRID_PROBLEM_CODES).sort());
    for (const lang of LANGS) {
      for (const code of Object.keys(GRID_PROBLEM_CODES) as GridProblemCode[]) {
        expect(MESSAGES[lang][`impProb${code}` as MessageKey], `${lang} ${code}`).toBeTruthy();
      }
    }
  });

  it('makes one marker per located problem and one shape per problem that carries one, each pointing back by index', () => {
    const points = problemPoints(list);
    expect(points.features.map((f) => [f.properties.i, f.geometry.coordinates])).toEqual([
      [0, [1, 1]],
      [1, [2, 2]],
      [2, [3, 3]],
      [4, [4, 4]],
    ]);
    expect(points.features[0]!.properties.severity).toBe('warning');
    expect(problemAreas(list).features.map((f) => f.properties.i)).toEqual([1]);
  });
});

describe('grouping table problems', () => {
  it('groups by column, file and whole-row problems first, rows in order within a column', () => {
    const list: ImportProblem[] = [
      { severity: 'error', row: 9, column: 'code', cell: 'A9', message: 'A9 dup' },
      { severity: 'error', row: 3, column: 'domain', cell: 'C3', message: 'C3' },
      { severity: 'warning', row: 1, column: 'extra', cell: 'I1', message: 'unknown column' },
      { severity: 'error', row: 4, column: 'code', cell: 'A4', message: 'A4 format' },
      { severity: 'error', row: 12, message: 'row 12' },
    ];
    const groups = groupTableProblems(list);
    expect(groups.map((g) => [g.key, g.severity, g.items.map((x) => x.i)])).toEqual([
      ['', 'error', [4]],
      ['code', 'error', [3, 0]],
      ['domain', 'error', [1]],
      ['extra', 'warning', [2]],
    ]);
  });

  it('has no empty group when every problem names its column', () => {
    expect(groupTableProblems([{ severity: 'error', row: 2, column: 'name', message: 'x' }]).map((g) => g.key)).toEqual(['name']);
    expect(groupTableProblems([])).toEqual([]);
  });
});
