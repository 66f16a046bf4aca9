import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterEach, describe, expect, it } from 'vitest';
import type { GridCollection, GridLevel } from '../../shared/domain/grid.ts';
import type { SpatialQueries, Store } from '../../server/repositories/store.ts';
import { at, contractGrids, GRID, incidentAt, orderFor, reportChanges, tileOf, tilePixel } from './fixtures.ts';
import { describeCaseRecordsContract } from './case-records-contract.ts';
import { codesAt, quadCentre } from './synthetic-grid.ts';

export interface StoreUnderTest {
  store: Store;
  spatial: SpatialQueries;
}

/** One adapter as the contract sees it: fresh empty storage that can be opened, closed and reopened. */
export interface ContractAdapter {
  /** Empty storage holding these grids; open() may be called again after the previous store closed. */
  create(grids: Map<string, GridCollection>): Promise<{ open(): Promise<StoreUnderTest> }>;
}

/** The one store contract: every adapter must pass all of it, unchanged. */
export function describeStoreContract(name: string, adapter: ContractAdapter): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = [];
    async function fresh() {
      const storage = await adapter.create(contractGrids());
      const open = async () => {
        const s = await storage.open();
        opened.push(s.store);
        return s;
      };
      return { ...(await open()), reopen: open };
    }
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('commits an incident with its order and events together and reads them back', async () => {
      const { store } = await fresh();
      const incident = incidentAt('inc-a', at(0), 1, 1, { matterCode: 'M.001' });
      const events = await store.commit(reportChanges(incident));
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'incident:created'],
        [2, 'dispatch:created'],
      ]);
      expect(await store.getIncident('inc-a')).toEqual({ ...incident, orders: [orderFor(incident)] });
      expect(await store.eventsAfter(0, 10)).toEqual(events);
      expect(await store.getIncident('nope')).toBeNull();
    });

    it('gives gapless sequence numbers in commit order to concurrent commits', async () => {
      const { store } = await fresh();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, k) => store.commit(reportChanges(incidentAt(`c-${String(k).padStart(2, '0')}`, at(k), k % 8, 0)))),
      );
      for (const events of results) expect(events[1]!.seq).toBe(events[0]!.seq + 1);
      const seqs = results.flatMap((events) => events.map((e) => e.seq)).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      const log = await store.eventsAfter(0, 1000);
      expect(log.map((e) => e.seq)).toEqual(seqs);
      // Each logged event is the one its commit was told about.
      expect(log).toEqual(results.flat().sort((a, b) => a.seq - b.seq));
    });

    it('applies nothing of a failed commit and spends no sequence number on it', async () => {
      const { store } = await fresh();
      const response = { requestHash: 'h1', status: 201, body: { id: 'first' } };
      await store.commit([...reportChanges(incidentAt('first', at(0), 0, 0)), { kind: 'idempotency.save', key: 'k1', response }]);
      const clash = incidentAt('second', at(1), 1, 0);
      await expect(store.commit([...reportChanges(clash), { kind: 'idempotency.save', key: 'k1', response }])).rejects.toThrow();
      expect(await store.getIncident('second')).toBeNull();
      expect((await store.listIncidents({ limit: 10 })).items.map((i) => i.id)).toEqual(['first']);
      expect(await store.findIdempotentResponse('k1')).toEqual(response);
      const next = await store.commit(reportChanges(incidentAt('third', at(2), 2, 0)));
      expect(next[0]!.seq).toBe(3);
      expect((await store.eventsAfter(0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    });

    it('keeps everything across close and reopen, and continues the sequence', async () => {
      const first = await fresh();
      const incidents = [incidentAt('r1', at(0), 0, 0), incidentAt('r2', at(1), 5, 5)];
      for (const incident of incidents) await first.store.commit(reportChanges(incident));
      const response = { requestHash: 'h', status: 201, body: { id: 'r2', nested: { n: 1.5, s: '网格' } } };
      await first.store.commit([{ kind: 'idempotency.save', key: 'key-r2', response }]);
      const log = await first.store.eventsAfter(0, 10);
      await first.store.close();

      const { store } = await first.reopen();
      expect(await store.getIncident('r2')).toEqual({ ...incidents[1], orders: [orderFor(incidents[1]!)] });
      expect(await store.findIdempotentResponse('key-r2')).toEqual(response);
      expect(await store.eventsAfter(0, 10)).toEqual(log);
      const next = await store.commit(reportChanges(incidentAt('r3', at(2), 1, 1)));
      expect(next.map((e) => e.seq)).toEqual([5, 6]);
    });

    it('lists newest first, filtered by county, status and time window, in cursor pages', async () => {
      const { store } = await fresh();
      for (let k = 0; k < 7; k++) {
        const incident = incidentAt(`i${k}`, at(k), k, 0, { status: k % 3 === 0 ? 'received' : 'dispatched' });
        if (k % 2 === 1) incident.route = { ...incident.route, county: { code: '371521000000', name: '阳谷县' } };
        await store.commit([{ kind: 'incident.insert', incident }]);
      }
      const first = await store.listIncidents({ limit: 2, countyCode: GRID.countyCode });
      expect(first.items.map((i) => i.id)).toEqual(['i6', 'i4']);
      const second = await store.listIncidents({ limit: 2, countyCode: GRID.countyCode, cursor: first.next! });
      expect(second.items.map((i) => i.id)).toEqual(['i2', 'i0']);
      expect(second.next).toBeNull();
      const exact = await store.listIncidents({ limit: 4, countyCode: GRID.countyCode });
      expect(exact.next).toBeNull();
      const window = await store.listIncidents({ limit: 10, from: at(2), to: at(5) });
      expect(window.items.map((i) => i.id)).toEqual(['i4', 'i3', 'i2']);
      const received = await store.listIncidents({ limit: 10, status: 'received' });
      expect(received.items.map((i) => i.id)).toEqual(['i6', 'i3', 'i0']);
      expect(received.items[0]!.orders).toEqual([]);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listIncidents({ limit: 3, cursor });
        all.push(...page.items.map((i) => i.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(all).toEqual(['i6', 'i5', 'i4', 'i3', 'i2', 'i1', 'i0']);
    });

    it('pages incidents received in the same millisecond without skipping, whatever their commit order', async () => {
      const { store } = await fresh();
      // Same receivedAt; ids committed in decreasing order (uuidv7 ids within one ms are random).
      for (const id of ['z', 'm', 'a']) await store.commit([{ kind: 'incident.insert', incident: incidentAt(id, at(0), 0, 0) }]);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listIncidents({ limit: 1, cursor });
        ids.push(...page.items.map((i) => i.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(ids).toEqual(['z', 'm', 'a']);
    });

    it('lists an incident’s orders in the order they were issued', async () => {
      const { store } = await fresh();
      const incident = incidentAt('multi', at(0), 3, 3);
      await store.commit(reportChanges(incident));
      const later = { ...orderFor(incident, 'o-2-later'), createdAt: at(60) };
      const earlierId = { ...orderFor(incident, 'a-3-last'), createdAt: at(120) };
      await store.commit([{ kind: 'order.insert', order: later }]);
      await store.commit([{ kind: 'order.insert', order: earlierId }]);
      expect((await store.getIncident('multi'))!.orders.map((o) => o.id)).toEqual(['o-multi', 'o-2-later', 'a-3-last']);
      expect((await store.listIncidents({ limit: 1 })).items[0]!.orders).toHaveLength(3);
    });

    it('keeps idempotent responses and refuses a second one for the same key', async () => {
      const { store } = await fresh();
      const response = { requestHash: 'abc', status: 201, body: { id: 'x', route: { flags: ['needsClassification'] } } };
      await store.commit([{ kind: 'idempotency.save', key: 'K-1', response }]);
      expect(await store.findIdempotentResponse('K-1')).toEqual(response);
      expect(await store.findIdempotentResponse('k-1')).toBeNull();
      await expect(store.commit([{ kind: 'idempotency.save', key: 'K-1', response: { ...response, requestHash: 'other' } }])).rejects.toThrow(
        /already stored/,
      );
      expect(await store.findIdempotentResponse('K-1')).toEqual(response);
    });

    it('pages through the event log', async () => {
      const { store } = await fresh();
      for (let k = 0; k < 5; k++) await store.commit(reportChanges(incidentAt(`e${k}`, at(k), k, 1)));
      expect((await store.eventsAfter(0, 3)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await store.eventsAfter(3, 3)).map((e) => e.seq)).toEqual([4, 5, 6]);
      expect((await store.eventsAfter(9, 3)).map((e) => e.seq)).toEqual([10]);
      expect(await store.eventsAfter(10, 3)).toEqual([]);
      expect((await store.eventsAfter(2, 1))[0]).toEqual({ seq: 3, type: 'incident:created', at: at(1), payload: { incidentId: 'e1' } });
    });

    describeCaseRecordsContract(fresh);

    describe('spatial', () => {
      /** Quads with incidents: (i, j, second received). Two in quad (0,0), none in most. */
      const placed: Array<[number, number, number]> = [
        [0, 0, 0],
        [0, 0, 10],
        [1, 0, 20],
        [3, 2, 30],
        [4, 4, 40],
        [7, 7, 50],
        [6, 1, 60],
      ];
      async function withIncidents() {
        const s = await fresh();
        for (const [k, [i, j, t]] of placed.entries()) await s.store.commit(reportChanges(incidentAt(`p${k}`, at(t), i, j)));
        // Outside every cell: stored, but no cell counts it.
        await s.store.commit(reportChanges(incidentAt('outside', at(5), 0, 0, { location: { lon: 114.9, lat: 35.9 } })));
        return s;
      }
      function expectedCounts(level: GridLevel, from = -Infinity, to = Infinity): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const [i, j, t] of placed) {
          if (t < from || t >= to) continue;
          const code = codesAt(GRID.countyCode, i, j)[level];
          counts[code] = (counts[code] ?? 0) + 1;
        }
        return counts;
      }
      const cellsOf = (level: GridLevel) =>
        contractGrids()
          .get(GRID.countyCode)!
          .features.filter((f) => f.properties.level === level)
          .map((f) => f.properties.code)
          .sort();

      it('counts incidents per grid cell at every level, zero cells included', async () => {
        const { spatial } = await withIncidents();
        for (const level of ['county', 'township', 'village', 'group'] as const) {
          const cells = await spatial.gridCounts({ countyCode: GRID.countyCode, level });
          expect(cells.map((c) => c.code)).toEqual(cellsOf(level));
          const nonZero = Object.fromEntries(cells.filter((c) => c.count > 0).map((c) => [c.code, c.count]));
          expect(nonZero).toEqual(expectedCounts(level));
        }
        const townships = await spatial.gridCounts({ countyCode: GRID.countyCode, level: 'township' });
        expect(townships[0]).toEqual({ code: '990101100000', name: '第1镇', count: 4 });
        expect(await spatial.gridCounts({ countyCode: '120101000000', level: 'group' })).toEqual([]);
      });

      it('counts only incidents received in the window [from, to)', async () => {
        const { spatial } = await withIncidents();
        const cells = await spatial.gridCounts({ countyCode: GRID.countyCode, level: 'village', from: at(10), to: at(50) });
        const nonZero = Object.fromEntries(cells.filter((c) => c.count > 0).map((c) => [c.code, c.count]));
        expect(nonZero).toEqual(expectedCounts('village', 10, 50));
      });

      it('cuts grid tiles holding exactly the cells that touch the tile', async () => {
        const { spatial } = await fresh();
        const centre = quadCentre(GRID, 4, 4);
        // Low zoom: the whole county lies inside one tile.
        const whole = tileOf(centre.lon, centre.lat, 6);
        const county = decode(await spatial.tile('township', whole.z, whole.x, whole.y), 'township');
        expect(county.map((f) => f.code).sort()).toEqual(cellsOf('township'));
        expect(county.find((f) => f.code === '990101101000')).toMatchObject({
          name: '第2镇',
          shortName: '第2镇',
          level: 'township',
          parentCode: GRID.countyCode,
          countyCode: GRID.countyCode,
        });
        // High zoom: only some groups touch the tile (its 64-unit buffer included).
        const part = tileOf(115.13, 36.13, 12);
        const expected = expectedInTile('group', part);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(64);
        const groups = decode(await spatial.tile('group', part.z, part.x, part.y), 'group');
        expect(groups.map((f) => f.code).sort()).toEqual(expected);
        // Far away: nothing.
        expect(decode(await spatial.tile('group', 12, 100, 100), 'group')).toEqual([]);
      });

      it('cuts incident tiles that follow new commits', async () => {
        const s = await withIncidents();
        const points = [
          ...placed.map(([i, j], k) => ({ id: `p${k}`, ...quadCentre(GRID, i, j) })),
          { id: 'outside', lon: 114.9, lat: 35.9 },
        ];
        const expectedIn = (tile: { z: number; x: number; y: number }) =>
          points.filter((p) => inBufferedTile(tilePixel(p.lon, p.lat, tile.z, tile.x, tile.y))).map((p) => p.id).sort();
        const whole = tileOf(quadCentre(GRID, 4, 4).lon, quadCentre(GRID, 4, 4).lat, 6);
        expect(expectedIn(whole)).toEqual(points.map((p) => p.id).sort());
        const before = decode(await s.spatial.tile('incidents', whole.z, whole.x, whole.y), 'incidents');
        expect(before.map((f) => f.id).sort()).toEqual(expectedIn(whole));
        expect(before.find((f) => f.id === 'p3')).toMatchObject({ status: 'dispatched', receivedAt: at(30), countyCode: GRID.countyCode });
        expect(before.find((f) => f.id === 'p3')).not.toHaveProperty('matterCode');
        await s.store.commit(reportChanges(incidentAt('late', at(70), 2, 6, { matterCode: 'M.9' })));
        const after = decode(await s.spatial.tile('incidents', whole.z, whole.x, whole.y), 'incidents');
        expect(after.map((f) => f.id).sort()).toEqual(['late', ...expectedIn(whole)].sort());
        expect(after.find((f) => f.id === 'late')).toMatchObject({ matterCode: 'M.9', unitId: 'team-990101102000' });
        const part = tileOf(115.175, 36.125, 11);
        const inPart = expectedIn(part);
        expect(inPart.length).toBeGreaterThan(0);
        expect(inPart.length).toBeLessThan(points.length);
        const partTile = decode(await s.spatial.tile('incidents', part.z, part.x, part.y), 'incidents');
        expect(partTile.map((f) => f.id).sort()).toEqual(inPart);
      });
    });
  });
}

function decode(bytes: Uint8Array, layer: string): Array<Record<string, unknown>> {
  if (bytes.length === 0) return [];
  const tile = new VectorTile(new Pbf(bytes));
  const found = tile.layers[layer];
  if (!found) return [];
  expect(Object.keys(tile.layers)).toEqual([layer]);
  expect(found.extent).toBe(4096);
  return Array.from({ length: found.length }, (_, i) => found.feature(i).properties as Record<string, unknown>);
}

/** Inside the tile plus its 64-unit buffer. */
function inBufferedTile([px, py]: [number, number]): boolean {
  return px > -64 && px < 4160 && py > -64 && py < 4160;
}

/**
 * Cells of the unjittered grid (rectangles in lon/lat, so in Mercator too) whose rectangle overlaps
 * the buffered tile. No cell edge may lie within 2 units of the buffer's edge: there either answer
 * would be defensible, and the test would prove nothing.
 */
function expectedInTile(level: GridLevel, tile: { z: number; x: number; y: number }): string[] {
  const cells = contractGrids().get(GRID.countyCode)!.features.filter((f) => f.properties.level === level);
  const codes: string[] = [];
  for (const cell of cells) {
    const ring = cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0]! : cell.geometry.coordinates[0]![0]!;
    const px = ring.map((p) => tilePixel(p[0]!, p[1]!, tile.z, tile.x, tile.y));
    const [x0, x1] = [Math.min(...px.map((p) => p[0])), Math.max(...px.map((p) => p[0]))];
    const [y0, y1] = [Math.min(...px.map((p) => p[1])), Math.max(...px.map((p) => p[1]))];
    for (const edge of [x0, x1, y0, y1]) {
      expect(Math.abs(edge + 64) > 2 && Math.abs(edge - 4160) > 2, `cell ${cell.properties.code} edge ${edge} is on the buffer edge`).toBe(true);
    }
    if (x1 > -64 && x0 < 4160 && y1 > -64 && y0 < 4160) codes.push(cell.properties.code);
  }
  return codes.sort();
}
