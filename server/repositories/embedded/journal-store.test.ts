import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import { JournalCorruptError, JournalStore } from './journal-store.ts';
import type { Change } from '../store.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gd-journal-'));
  dirs.push(dir);
  return dir;
}
const open: JournalStore[] = [];
async function openStore(dir: string): Promise<JournalStore> {
  const store = await JournalStore.open(dir);
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function incident(id: string, receivedAt: string, county = '410923000000'): Incident {
  const place = { code: county, name: '南乐县' };
  return {
    id,
    receivedAt,
    location: { lon: 115.2, lat: 36.07 },
    reported: { lon: 115.2, lat: 36.07, crs: 'WGS84' },
    matterCode: null,
    description: `report ${id}`,
    source: 'patrol',
    status: 'dispatched',
    route: {
      county: place,
      township: { code: '410923100000', name: '城关镇' },
      village: { code: '410923100001', name: '甲村' },
      group: { code: '410923100001001', name: '甲村第1组' },
      unit: { id: 'team-410923100000', name: '城关镇综合行政执法队', kind: 'township-team' },
      alternates: [],
      flags: [],
      reasons: [],
    },
  };
}

function reportChanges(id: string, at: string): Change[] {
  const order: DispatchOrder = { id: `o-${id}`, incidentId: id, unit: incident(id, at).route.unit, createdAt: at, status: 'pending' };
  return [
    { kind: 'incident.insert', incident: incident(id, at) },
    { kind: 'order.insert', order },
    { kind: 'event.append', type: 'incident:created', at, payload: { incidentId: id } },
  ];
}

describe('JournalStore', () => {
  it('assigns increasing sequence numbers across concurrent commits (group commit) and survives reopen', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.commit(reportChanges(`id-${String(i).padStart(3, '0')}`, `2026-11-22T00:00:${String(i % 60).padStart(2, '0')}.000Z`))),
    );
    const seqs = results.map((events) => events[0]!.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await store.close();
    open.pop();

    const reopened = await openStore(dir);
    expect((await reopened.getIncident('id-007'))?.orders).toHaveLength(1);
    expect((await reopened.eventsAfter(45, 100)).map((e) => e.seq)).toEqual([46, 47, 48, 49, 50]);
    const next = await reopened.commit(reportChanges('id-new', '2026-11-22T00:01:00.000Z'));
    expect(next[0]!.seq).toBe(51);
  });

  it('drops a torn final write (never acknowledged) and keeps everything before it', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.commit(reportChanges('a', '2026-11-22T00:00:00.000Z'));
    await store.close();
    open.pop();
    appendFileSync(join(dir, 'journal.ndjson'), '0badc0de {"v":1,"changes":[{"kind":"incident.ins');
    const reopened = await openStore(dir);
    expect(await reopened.getIncident('a')).not.toBeNull();
    await reopened.commit(reportChanges('b', '2026-11-22T00:00:01.000Z'));
    await reopened.close();
    open.pop();
    // The torn bytes were cut, so the next line starts cleanly and the file replays whole.
    const again = await openStore(dir);
    expect((await again.listIncidents({ limit: 10 })).items.map((i) => i.id)).toEqual(['b', 'a']);
  });

  it('refuses to start on corruption in the middle of the journal, naming the line', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.commit(reportChanges('a', '2026-11-22T00:00:00.000Z'));
    await store.commit(reportChanges('b', '2026-11-22T00:00:01.000Z'));
    await store.close();
    open.pop();
    const path = join(dir, 'journal.ndjson');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('report a', 'report X');
    writeFileSync(path, lines.join('\n'));
    await expect(JournalStore.open(dir)).rejects.toThrow(JournalCorruptError);
    await expect(JournalStore.open(dir)).rejects.toThrow(/line 1 is corrupt \(checksum mismatch\)/);
  });

  it('pages newest first with filters and a cursor', async () => {
    const store = await openStore(tempDir());
    for (let i = 0; i < 7; i++) {
      const county = i % 2 === 0 ? '410923000000' : '371521000000';
      await store.commit([{ kind: 'incident.insert', incident: incident(`i${i}`, `2026-11-22T00:00:0${i}.000Z`, county) }]);
    }
    const first = await store.listIncidents({ limit: 2, countyCode: '410923000000' });
    expect(first.items.map((i) => i.id)).toEqual(['i6', 'i4']);
    const second = await store.listIncidents({ limit: 2, countyCode: '410923000000', cursor: first.next! });
    expect(second.items.map((i) => i.id)).toEqual(['i2', 'i0']);
    expect(second.next).toBeNull();
    const window = await store.listIncidents({ limit: 10, from: '2026-11-22T00:00:02.000Z', to: '2026-11-22T00:00:05.000Z' });
    expect(window.items.map((i) => i.id)).toEqual(['i4', 'i3', 'i2']);
  });

  it('keeps idempotency records and refuses a second record for the same key', async () => {
    const store = await openStore(tempDir());
    const response = { requestHash: 'h', status: 201, body: { id: 'a' } };
    await store.commit([{ kind: 'idempotency.save', key: 'k1', response }]);
    expect(await store.findIdempotentResponse('k1')).toEqual(response);
    await expect(store.commit([{ kind: 'idempotency.save', key: 'k1', response }])).rejects.toThrow(/already stored/);
    expect(await store.findIdempotentResponse('k2')).toBeNull();
  });
});
