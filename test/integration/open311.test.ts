import { readFileSync } from 'node:fs';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN_WORK_CALENDAR } from '../../shared/domain/calendar-cn.ts';
import { withinDays } from '../../shared/domain/devolution.ts';
import { DEFAULT_CLOSE_WITHIN_WORKING_DAYS, defaultCloseDeadline } from '../../shared/evaluation/close-deadline.ts';
import { parseCatalogueCsv, type Catalogue } from '../../shared/domain/matters.ts';
import type { IncidentWithOrders } from '../../server/repositories/store.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { SYSTEM_ADMIN, bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { all, parseXml, textOf } from '../helpers/xml.ts';

const KEY = 'county-hotline-test-key';
const T0 = Date.parse('2025-06-10T02:00:00Z');
let clock = new Date(T0);
let server: TestServer;

const parsed = parseCatalogueCsv(readFileSync(`${REPO_ROOT}data/catalogue/matters.csv`, 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue: Catalogue = parsed.catalogue;

beforeAll(async () => {
  // Load shedding has its own tests; here a busy 2-core machine must not turn requests into 503s.
  server = await startTestServer({ now: () => clock, open311ApiKeys: ['another-key', KEY], admission: false });
});
afterAll(async () => {
  await server?.close();
});

const v2 = (path: string, init?: RequestInit) => fetch(`${server.url}/open311/v2${path}`, init);

function form(fields: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.append(k, String(v));
  return p.toString();
}

async function postForm(fields: Record<string, string | number | undefined>, format = 'json') {
  const res = await v2(`/requests.${format}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function incident(id: string): Promise<IncidentWithOrders> {
  const res = await fetch(`${server.url}/api/v1/incidents/${id}`, { headers: bearer(await loginAs(server, SYSTEM_ADMIN)) });
  expect(res.status).toBe(200);
  return (await res.json()) as IncidentWithOrders;
}

async function incidentCount(): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/incidents?limit=500`, { headers: bearer(await loginAs(server, SYSTEM_ADMIN)) });
  return ((await res.json()) as { items: unknown[] }).items.length;
}

const nanleGroup = featuresAt('410923', 'group')[40]!;
const [LON, LAT] = interiorPoint(nanleGroup);
const MATTER = 'CSHJ-001';

describe('Open311 discovery and services', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const json = (await (await v2('/discovery.json')).json()) as { endpoints: { url: string; specification: string; formats: string[] }[] };
    expect(json.endpoints[0]).toMatchObject({ url: `${server.url}/open311/v2`, specification: 'http://wiki.open311.org/GeoReport_v2' });
    expect(json.endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
    const res = await v2('/discovery.xml');
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    const xml = parseXml(await res.text());
    expect(xml.name).toBe('discovery');
    const endpoint = all(all(xml, 'endpoints')[0]!, 'endpoint')[0]!;
    expect(textOf(endpoint, 'url')).toBe(`${server.url}/open311/v2`);
  });

  it('lists the matters in force, grouped by domain, plus a general service, in both formats', async () => {
    const inForce = catalogue.matters.filter((m) => withinDays(T0, m.effectiveFrom, m.effectiveTo));
    const services = (await (await v2('/services.json')).json()) as { service_code: string; group: string; metadata: boolean; type: string }[];
    expect(services).toHaveLength(inForce.length + 1);
    expect(services[0]!.service_code).toBe('GENERAL');
    for (const m of inForce) expect(services.find((s) => s.service_code === m.code)?.group, m.code).toBe(m.domain);
    // Retired matters are not offered: STHJ-007 ended 2022-06-04, STHJ-008 replaced it.
    expect(services.map((s) => s.service_code)).not.toContain('STHJ-007');
    expect(services.map((s) => s.service_code)).toContain('STHJ-008');
    expect(new Set(services.slice(1).map((s) => s.group)).size).toBe(23);
    expect(services.every((s) => s.metadata === true && s.type === 'realtime')).toBe(true);

    const xml = parseXml(await (await v2('/services.xml')).text());
    expect(xml.name).toBe('services');
    const items = all(xml, 'service');
    expect(items).toHaveLength(services.length);
    const cshj = items.find((s) => textOf(s, 'service_code') === MATTER)!;
    expect(textOf(cshj, 'service_name')).toBe(catalogue.byCode.get(MATTER)!.name);
    expect(textOf(cshj, 'group')).toBe(catalogue.byCode.get(MATTER)!.domain);
  });

  it('gives service definitions with the crs attribute and the legal basis', async () => {
    const def = (await (await v2(`/services/${MATTER}.json`)).json()) as { service_code: string; attributes: { code: string; variable: boolean; values?: { key: string }[]; description: string }[] };
    expect(def.service_code).toBe(MATTER);
    const crs = def.attributes.find((a) => a.code === 'crs')!;
    expect(crs.variable).toBe(true);
    expect(crs.values!.map((v) => v.key)).toEqual(['WGS84', 'GCJ02', 'BD09']);
    expect(def.attributes.find((a) => a.code === 'legal_basis')!.description).toContain(catalogue.byCode.get(MATTER)!.legalBasis);
    const xml = parseXml(await (await v2(`/services/${MATTER}.xml`)).text());
    expect(xml.name).toBe('service_definition');
    const attrs = all(all(xml, 'attributes')[0]!, 'attribute');
    expect(attrs.map((a) => textOf(a, 'code'))).toEqual(['crs', 'legal_basis']);
    expect(all(all(attrs[0]!, 'values')[0]!, 'value').map((v) => textOf(v, 'key'))).toEqual(['WGS84', 'GCJ02', 'BD09']);
  });
});

describe('Open311 POST requests', () => {
  it('goes through the same routing, storage and dispatch as POST /api/v1/reports', async () => {
    const res = await postForm({ api_key: KEY, service_code: MATTER, lat: LAT, long: LON, description: '店外占道经营', email: 'x@example.org' });
    expect(res.status).toBe(201);
    const [created] = JSON.parse(res.text) as { service_request_id: string; token: string; service_notice: string }[];
    const stored = await incident(created!.service_request_id);
    expect(stored.source).toBe('open311');
    expect(stored.matterCode).toBe(MATTER);
    expect(stored.description).toBe('店外占道经营');
    expect(stored.orders).toHaveLength(1);
    expect(stored.orders[0]!.unit).toEqual(stored.route.unit);
    // The JSON API routes the same point and matter to the same place and unit.
    const api = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, operatorOf('410923'))) },
      body: JSON.stringify({ lon: LON, lat: LAT, matterCode: MATTER, description: '对照', source: 'hotline' }),
    });
    const viaApi = (await api.json()) as { route: IncidentWithOrders['route'] };
    expect(stored.route.group.code).toBe(nanleGroup.properties.code);
    expect(stored.route.unit).toEqual(viaApi.route.unit);
    expect(created!.service_notice).toBe(stored.route.reasons.map((r) => r.message).join('；'));
  });

  it('answers in XML, converts GCJ-02 via attribute[crs], and takes the general service without a matter', async () => {
    const [x, y] = gcoord.transform([LON, LAT], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const res = await postForm({ api_key: KEY, service_code: 'GENERAL', lat: y, long: x, 'attribute[crs]': 'GCJ02', description: '不知道归谁管' }, 'xml');
    expect(res.status).toBe(201);
    expect(res.type).toMatch(/text\/xml/);
    const xml = parseXml(res.text);
    expect(xml.name).toBe('service_requests');
    const id = textOf(all(xml, 'request')[0]!, 'service_request_id')!;
    const stored = await incident(id);
    expect(stored.route.group.code).toBe(nanleGroup.properties.code);
    expect(stored.matterCode).toBeNull();
    expect(stored.route.flags).toContain('needsClassification');
  });

  it('locates an address_string by the township and village it names', async () => {
    const village = featuresAt('410923', 'village')[77]!;
    const township = featuresAt('410923', 'township').find((t) => t.properties.code === village.properties.parentCode)!;
    const address = `河南省濮阳市南乐县${township.properties.name}${village.properties.shortName}村口`;
    const res = await postForm({ api_key: KEY, service_code: MATTER, address_string: address, description: '乱堆放' });
    expect(res.status).toBe(201);
    const stored = await incident((JSON.parse(res.text) as { service_request_id: string }[])[0]!.service_request_id);
    expect(stored.route.village.code).toBe(village.properties.code);
    expect(stored.description).toContain(address);
  });

  it('refuses bad requests with the spec error array, in the requested format, and stores nothing', async () => {
    const before = await incidentCount();
    const ok = { api_key: KEY, service_code: MATTER, lat: LAT, long: LON, description: 'x' };
    const shortNames = ['410923', '371521', '330822', '350521', '410325'].flatMap((c) => featuresAt(c, 'village').map((v) => v.properties.shortName));
    const shared = shortNames.find((n, i) => shortNames.indexOf(n) !== i)!;
    const cases: [string, Record<string, string | number | undefined>, number, RegExp][] = [
      ['no api_key', { ...ok, api_key: undefined }, 403, /api_key/],
      ['wrong api_key', { ...ok, api_key: 'guess' }, 403, /api_key/],
      ['no service_code', { ...ok, service_code: undefined }, 400, /service_code/],
      ['unknown service_code', { ...ok, service_code: 'NOPE-999' }, 404, /service_code/],
      ['retired service_code', { ...ok, service_code: 'STHJ-007' }, 404, /service_code/],
      ['no location', { ...ok, lat: undefined, long: undefined }, 400, /lat and long, or address_string/],
      ['lat without long', { ...ok, long: undefined }, 400, /lat and long/],
      ['lat not a number', { ...ok, lat: 'north' }, 400, /lat and long/],
      ['lat out of range', { ...ok, lat: 95 }, 400, /within/],
      ['outside every county', { ...ok, lat: 39.9, long: 116.39 }, 400, /outside every county/],
      ['unknown crs', { ...ok, 'attribute[crs]': 'EPSG:3857' }, 400, /crs/],
      ['undefined attribute', { ...ok, 'attribute[colour]': 'red' }, 400, /colour/],
      ['unknown address', { ...ok, lat: undefined, long: undefined, address_string: '北京市东城区' }, 400, /names no county/],
      ['ambiguous address', { ...ok, lat: undefined, long: undefined, address_string: shared }, 400, /several places/],
      ['unknown jurisdiction', { ...ok, jurisdiction_id: '999999' }, 404, /jurisdiction_id/],
      ['description too long', { ...ok, description: '长'.repeat(2100) }, 400, /description/],
    ];
    for (const [name, fields, status, pattern] of cases) {
      const res = await postForm(fields);
      expect(res.status, name).toBe(status);
      const body = JSON.parse(res.text) as { code: number; description: string }[];
      expect(body, name).toEqual([{ code: status, description: expect.stringMatching(pattern) }]);
    }
    const xml = await postForm({ ...ok, api_key: undefined }, 'xml');
    expect(xml.status).toBe(403);
    const errors = parseXml(xml.text);
    expect(errors.name).toBe('errors');
    expect(textOf(all(errors, 'error')[0]!, 'code')).toBe('403');
    const asJson = await v2('/requests.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ok) });
    expect(asJson.status).toBe(400);
    expect(((await asJson.json()) as { description: string }[])[0]!.description).toMatch(/form-encoded/);
    const twice = await v2('/requests.json', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `${form(ok)}&service_code=${MATTER}` });
    expect(twice.status).toBe(400);
    expect(await incidentCount()).toBe(before);
  });
});

describe('Open311 GET requests', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const at = async (label: string, daysAgo: number, service: string) => {
      clock = new Date(T0 + 30 * 86_400_000 - daysAgo * 86_400_000);
      const res = await postForm({ api_key: KEY, service_code: service, lat: LAT, long: LON, description: label });
      expect(res.status, label).toBe(201);
      ids[label] = (JSON.parse(res.text) as { service_request_id: string }[])[0]!.service_request_id;
    };
    await at('old', 120, MATTER);
    await at('recent', 10, MATTER);
    await at('general', 5, 'GENERAL');
    clock = new Date(T0 + 30 * 86_400_000);
  });

  it('defaults to the last 90 days, newest first, and honours the date, service and status filters', async () => {
    const get = async (q: string) => {
      const res = await v2(`/requests.json${q}`);
      expect(res.status, q).toBe(200);
      return (await res.json()) as { service_request_id: string; description: string }[];
    };
    const recent = await get('');
    expect(recent.map((r) => r.service_request_id)).not.toContain(ids.old);
    expect(recent.map((r) => r.service_request_id).slice(0, 2)).toEqual([ids.general, ids.recent]);
    const withOld = await get(`?start_date=${new Date(T0 - 120 * 86_400_000).toISOString()}`);
    expect(withOld.map((r) => r.service_request_id)).toContain(ids.old);
    const windowed = await get(`?start_date=${new Date(T0 + 20 * 86_400_000 - 3_600_000).toISOString()}&end_date=${new Date(T0 + 24 * 86_400_000).toISOString()}`);
    expect(windowed.map((r) => r.service_request_id)).toEqual([ids.recent]);
    const general = await get('?service_code=GENERAL');
    expect(general.map((r) => r.service_request_id)).toContain(ids.general);
    expect(general.every((r) => r.service_request_id !== ids.recent)).toBe(true);
    expect((await get('?status=closed'))).toEqual([]);
    expect((await get('?status=open')).length).toBe(recent.length);
    const byId = await get(`?service_request_id=${ids.old},${ids.general}&status=closed`);
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([ids.old, ids.general].sort());
  });

  it('caps the answer at 1,000 records', async () => {
    const operator = bearer(await loginAs(server, operatorOf('410923')));
    const body = (i: number) => JSON.stringify({ lon: LON, lat: LAT, description: `批量 ${i}`, source: 'hotline' });
    const send = async (i: number) => {
      const r = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', ...operator }, body: body(i) });
      expect(r.status).toBe(201);
    };
    for (let i = 0; i < 1001; i += 10) await Promise.all(Array.from({ length: Math.min(10, 1001 - i) }, (_, j) => send(i + j)));
    const list = (await (await v2('/requests.json')).json()) as unknown[];
    expect(list).toHaveLength(1000);
  });

  it('returns one request with the routed unit, open/closed and the extended lifecycle status', async () => {
    const stored = await incident(ids.recent!);
    const [one] = (await (await v2(`/requests/${ids.recent}.json?extensions=true`)).json()) as Record<string, any>[];
    expect(one).toMatchObject({
      service_request_id: ids.recent,
      status: 'open',
      status_notes: '已派遣',
      service_code: MATTER,
      service_name: catalogue.byCode.get(MATTER)!.name,
      agency_responsible: stored.route.unit.name,
      requested_datetime: stored.receivedAt,
      lat: stored.location.lat,
      long: stored.location.lon,
    });
    // expected_datetime is the closing deadline: 5 working days after receipt on the national calendar.
    expect(one!.expected_datetime).toBe(defaultCloseDeadline(stored.receivedAt, DEFAULT_CLOSE_WITHIN_WORKING_DAYS, CN_WORK_CALENDAR));
    expect(Date.parse(one!.expected_datetime) - Date.parse(stored.receivedAt)).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(one!.extended_attributes).toMatchObject({ status: 'dispatched', agency_id: stored.route.unit.id, group_code: stored.route.group.code });
    const plain = (await (await v2(`/requests/${ids.recent}.json`)).json()) as Record<string, unknown>[];
    expect(plain[0]).not.toHaveProperty('extended_attributes');
    const xml = parseXml(await (await v2(`/requests/${ids.recent}.xml?extensions=true`)).text());
    const request = all(xml, 'request')[0]!;
    expect(textOf(request, 'agency_responsible')).toBe(stored.route.unit.name);
    expect(textOf(request, 'status')).toBe('open');
    expect(textOf(all(request, 'extended_attributes')[0]!, 'status')).toBe('dispatched');
  });

  it('masks phone and ID numbers for public readers; a partner with a valid api_key reads the text as written', async () => {
    const written = '楼下夜市占道，联系人 13812345678，身份证410923199001011234';
    const res = await postForm({ api_key: KEY, service_code: MATTER, lat: LAT, long: LON, description: written });
    expect(res.status).toBe(201);
    const id = (JSON.parse(res.text) as { service_request_id: string }[])[0]!.service_request_id;
    const publicView = (await (await v2(`/requests/${id}.json`)).json()) as { description: string }[];
    expect(publicView[0]!.description).toBe('楼下夜市占道，联系人 138****5678，身份证[身份证号已隐去]');
    const listed = (await (await v2(`/requests.json?service_request_id=${id}`)).json()) as { description: string }[];
    expect(listed[0]!.description).toBe(publicView[0]!.description);
    const xml = parseXml(await (await v2(`/requests/${id}.xml`)).text());
    expect(textOf(all(xml, 'request')[0]!, 'description')).not.toContain('13812345678');
    const partner = (await (await v2(`/requests/${id}.json?api_key=${KEY}`)).json()) as { description: string }[];
    expect(partner[0]!.description).toBe(written);
    const partnerList = (await (await v2(`/requests.json?api_key=${KEY}&service_request_id=${id}`)).json()) as { description: string }[];
    expect(partnerList[0]!.description).toBe(written);
    const wrongKey = await v2(`/requests/${id}.json?api_key=guess`);
    expect(wrongKey.status).toBe(403);
    expect(await wrongKey.json()).toEqual([{ code: 403, description: 'api_key is not valid' }]);
  });

  it('resolves tokens to request ids', async () => {
    const [t] = (await (await v2(`/tokens/${ids.recent}.json`)).json()) as { service_request_id: string; token: string }[];
    expect(t).toEqual({ service_request_id: ids.recent, token: ids.recent });
    const xml = parseXml(await (await v2(`/tokens/${ids.recent}.xml`)).text());
    expect(textOf(all(xml, 'request')[0]!, 'service_request_id')).toBe(ids.recent);
  });

  it('answers 400/404 in the spec format for bad queries and unknown ids', async () => {
    const cases: [string, number][] = [
      ['/requests/00000000-0000-7000-8000-000000000000.json', 404],
      ['/requests/nope.json', 404],
      ['/tokens/nope.json', 404],
      ['/services/NOPE-001.json', 404],
      ['/services.json?jurisdiction_id=123456', 404],
      ['/requests.json?status=pending', 400],
      ['/requests.json?start_date=yesterday', 400],
      ['/requests.json?start_date=2025-06-10T00:00:00Z&end_date=2025-06-01T00:00:00Z', 400],
      ['/requests.json?colour=red', 400],
      ['/requests.json?extensions=maybe', 400],
      ['/services.yaml', 400],
      ['/no/such/thing.json', 404],
    ];
    for (const [path, status] of cases) {
      const res = await v2(path);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { code: number; description: string }[];
      expect(body, path).toEqual([{ code: status, description: expect.any(String) }]);
    }
    const xml = await v2('/requests/nope.xml');
    expect(xml.status).toBe(404);
    expect(parseXml(await xml.text()).name).toBe('errors');
  });
});
