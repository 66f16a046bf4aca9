// 常山县 辉埠镇's commander (hub of the 辉埠片区, radiating to 何家乡) plans a joint action: the form
// offers the units grouped the way a township commander thinks of them, and ticks what the area needs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { decideCreate, defaultParticipants, participantOptions, type Initiator } from '../../shared/domain/joint-action.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/330822000000.json', root), 'utf8')), { catalogue: parsed.catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const HUIBU = '330822115000';
const HEJIA = '330822200000';
const TIANMA = '330822001000';
const commander: Initiator = { userId: 'demo:changshan.twp.330822115000', unitId: `team-${HUIBU}`, countyWide: false, homeTownships: [HUIBU, HEJIA] };

describe('常山县 辉埠镇: joint-action participants', () => {
  it('groups the hub team, the radiated township team, the stations posted in 辉埠, the county brigades and departments', () => {
    const options = participantOptions(config, [HUIBU, HEJIA], commander);
    const group = (g: string) => options.filter((o) => o.group === g).map((o) => o.name);
    expect(group('hub')).toEqual(['辉埠镇综合行政执法队']);
    expect(group('radiated')).toEqual(['何家乡本地执法队']);
    expect(group('station').sort()).toEqual(['常山县公安局交警大队辉埠中队', '常山县公安局辉埠派出所', '常山县司法局辉埠司法所', '常山县市场监督管理局辉埠市场监管所'].sort());
    expect(group('brigade')).toEqual(['常山县综合行政执法局一大队', '常山县综合行政执法局二大队']);
    expect(group('department')).toContain('常山县市场监督管理局');
    // Only the commander's own team coordinates; the radiated township's team takes part as a team.
    expect(options.find((o) => o.unitId === `team-${HEJIA}`)).toMatchObject({ role: 'team', outsideOwnGround: false });
    expect(options.find((o) => o.unitId === `team-${HUIBU}`)).toMatchObject({ role: 'coordinator' });
  });

  it('ticks the area’s own units by default; within the own cluster no county unit, so no approval is needed', () => {
    const options = participantOptions(config, [HUIBU, HEJIA], commander);
    const chosen = defaultParticipants(options, [HUIBU, HEJIA], commander);
    expect(chosen).toContain(`team-${HEJIA}`);
    expect(chosen).toContain(`station-${HUIBU}-police`);
    expect(chosen.some((id) => id.startsWith('brigade-') || id.startsWith('dept-'))).toBe(false);
    const decided = decideCreate(config, { id: 'a', kind: 'joint', title: 't', brief: '', area: { kind: 'grids', codes: [HUIBU, HEJIA] }, townshipCodes: [HUIBU, HEJIA], startsAt: '2026-03-02T01:00:00Z', endsAt: '2026-03-02T05:00:00Z', participantUnitIds: chosen }, commander, '2026-03-02T00:00:00Z');
    expect(decided.ok && decided.event.type === 'created' && decided.event.action.approvalReasons).toEqual([]);
  });

  it('across townships: the neighbour’s team and stations and the county brigades are ticked, and the county must approve', () => {
    const options = participantOptions(config, [HUIBU, TIANMA], commander);
    const chosen = defaultParticipants(options, [HUIBU, TIANMA], commander);
    expect(options.find((o) => o.unitId === `team-${TIANMA}`)).toMatchObject({ group: 'neighbour', outsideOwnGround: true });
    expect(chosen).toEqual(expect.arrayContaining([`team-${TIANMA}`, `station-${TIANMA}-police`, 'brigade-330822-1', 'brigade-330822-2']));
    expect(chosen.some((id) => id.startsWith('dept-'))).toBe(false);
    const decided = decideCreate(config, { id: 'a', kind: 'joint', title: 't', brief: '', area: { kind: 'grids', codes: [HUIBU, TIANMA] }, townshipCodes: [HUIBU, TIANMA], startsAt: '2026-03-02T01:00:00Z', endsAt: '2026-03-02T05:00:00Z', participantUnitIds: chosen }, commander, '2026-03-02T00:00:00Z');
    if (!decided.ok || decided.event.type !== 'created') throw new Error('refused');
    expect(decided.event.action.approvalReasons[0]).toContain('跨乡镇');
  });
});
