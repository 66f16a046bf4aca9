import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/paths.ts';
import { countyGrid, featuresAt, interiorPoint } from '../helpers/grid-data.ts';

/** Runs the real command line, as a user would: `npm run -s cli -- route …`. */
function cli(args: string[], stdin: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'route', ...args], { cwd: REPO_ROOT, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l));

describe('cli route', () => {
  it('routes ndjson points to codes, reporting bad lines in place and still routing the rest', () => {
    const groups = featuresAt('410923', 'group').slice(0, 50);
    const input = groups.map((g, i) => JSON.stringify({ id: i, lon: interiorPoint(g)[0], lat: interiorPoint(g)[1] }));
    input.splice(10, 0, 'not json', JSON.stringify({ id: 'no-lat', lon: 115 }), JSON.stringify({ id: 'yanggu', ...lonLat(interiorPoint(featuresAt('371521', 'group')[0]!)) }));
    const r = cli(['--county', '410923'], input.join('\n') + '\n');
    expect(r.status).toBe(1);
    const out = lines(r.stdout);
    expect(out).toHaveLength(53);
    expect(out[10]).toMatchObject({ line: 11, error: { code: 'INVALID_JSON' } });
    expect(out[11]).toMatchObject({ id: 'no-lat', line: 12, error: { code: 'VALIDATION_FAILED' } });
    expect(out[12]).toMatchObject({ id: 'yanggu', error: { code: 'OUTSIDE_ALL_COUNTIES' } });
    const routed = out.filter((o) => !o.error);
    expect(routed).toHaveLength(50);
    routed.forEach((o, i) => {
      const g = groups[i]!.properties;
      expect(o).toEqual({ id: i, township: `${g.code.slice(0, 9)}000`, village: g.parentCode, group: g.code, unit: expect.any(String), flags: expect.any(Array) });
    });
    expect(r.stderr).toMatch(/routed 50 line\(s\), 3 failed/);
  });

  it('takes a grids file in the data/grids format instead of the built-in county', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-cli-'));
    const file = join(dir, 'grids.geojson');
    // A county's own file without the short names or county codes: only level, code, parentCode, name.
    const features = countyGrid('410923').features.map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: { level: f.properties.level, code: f.properties.code, parentCode: f.properties.parentCode, name: f.properties.name },
    }));
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    const g = featuresAt('410923', 'group')[77]!;
    const r = cli(['--county', '410923000000', '--grids', file], JSON.stringify({ id: 'x', ...lonLat(interiorPoint(g)), matterCode: 'CSHJ-001', at: '2024-03-01T09:00:00+08:00' }) + '\n');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ id: 'x', group: g.properties.code, village: g.properties.parentCode });
  });

  it('fails with exit status 2 and a usage message on bad arguments or a bad grids file', () => {
    const noCounty = cli([], '');
    expect(noCounty.status).toBe(2);
    expect(noCounty.stderr).toMatch(/--county is required/);
    const dir = mkdtempSync(join(tmpdir(), 'gd-cli-'));
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} }] }));
    const badFile = cli(['--county', '410923', '--grids', bad], '');
    expect(badFile.status).toBe(2);
    expect(badFile.stderr).toMatch(/not a grid FeatureCollection/);
    expect(cli(['--county', '410923', '--grids', join(dir, 'missing.geojson')], '').status).toBe(2);
  });
});

function lonLat([lon, lat]: [number, number]) {
  return { lon, lat };
}
