import { Router, urlencoded, type Request } from 'express';
import { Open311Error, type Open311Facade, type RequestsQuery } from '../../services/open311-service.ts';
import type { Open311Status } from '../../services/open311-status.ts';
import { formatOf, open311ErrorHandler, open311NotFound, requireFormat, send } from './open311-format.ts';

/** When the set of calls or their fields last changed (discovery's changeset). */
const CHANGESET = '2026-11-22T00:00:00Z';

function one(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Open311Error(400, `${name} given more than once`);
  return value;
}

function onlyParams(req: Request, allowed: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!allowed.includes(key)) throw new Open311Error(400, `unknown parameter ${key}; allowed: ${allowed.join(', ')}`);
    out[key] = one(value, key);
  }
  return out;
}

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function w3cDate(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = W3C.test(raw) ? Date.parse(raw.length === 10 ? `${raw}T00:00:00+08:00` : raw) : NaN;
  if (Number.isNaN(ms)) throw new Open311Error(400, `${name} must be a W3C date-time such as 2025-03-01T08:00:00+08:00`);
  return ms;
}

function list(raw: string | undefined): string[] | undefined {
  const items = raw?.split(',').map((s) => s.trim()).filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function extensionsFlag(raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new Open311Error(400, 'extensions must be true or false');
}

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2. */
export function open311Routes(open311: Open311Facade): Router {
  const router = Router();
  const base = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;

  router.get('/discovery.:format', requireFormat, (req, res) => {
    onlyParams(req, []);
    send(res, formatOf(req), 200, 'discovery', {
      changeset: CHANGESET,
      contact: '县执法调度指挥中心 (county enforcement dispatch center)',
      key_service: 'api_key 由县执法调度指挥中心发放 (keys are issued by the county dispatch center)',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: base(req), changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] },
      ],
    });
  });

  router.get('/services.:format', requireFormat, (req, res) => {
    open311.checkJurisdiction(onlyParams(req, ['jurisdiction_id']).jurisdiction_id);
    send(res, formatOf(req), 200, 'services', open311.services());
  });

  router.get('/services/:code.:format', requireFormat, (req, res) => {
    open311.checkJurisdiction(onlyParams(req, ['jurisdiction_id']).jurisdiction_id);
    send(res, formatOf(req), 200, 'service_definition', open311.definition(req.params.code as string));
  });

  router.post(
    '/requests.:format',
    requireFormat,
    (req, _res, next) => {
      if (!req.is('application/x-www-form-urlencoded')) throw new Open311Error(400, 'send the request form-encoded (Content-Type: application/x-www-form-urlencoded)');
      next();
    },
    urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }),
    async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => one(body[name], name);
      open311.checkJurisdiction(field('jurisdiction_id'));
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(body)) {
        const m = /^attribute\[([^\]]+)\]$/.exec(key);
        if (m) attributes[m[1] as string] = one(value, key) as string;
      }
      const created = await open311.post({
        apiKey: field('api_key'),
        serviceCode: field('service_code'),
        lat: field('lat'),
        long: field('long'),
        addressString: field('address_string'),
        description: field('description'),
        attributes,
      });
      send(res, formatOf(req), 201, 'service_requests', [created]);
    },
  );

  router.get('/requests.:format', requireFormat, async (req, res) => {
    const p = onlyParams(req, ['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'extensions', 'api_key']);
    open311.checkJurisdiction(p.jurisdiction_id);
    const reader = open311.readerOf(p.api_key);
    const statuses = list(p.status);
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or open,closed');
    const query: RequestsQuery = {
      ids: list(p.service_request_id),
      serviceCodes: list(p.service_code),
      start: w3cDate(p.start_date, 'start_date'),
      end: w3cDate(p.end_date, 'end_date'),
      statuses: statuses as Open311Status[] | undefined,
    };
    send(res, formatOf(req), 200, 'service_requests', await open311.requests(query, extensionsFlag(p.extensions), reader));
  });

  router.get('/requests/:id.:format', requireFormat, async (req, res) => {
    const p = onlyParams(req, ['jurisdiction_id', 'extensions', 'api_key']);
    open311.checkJurisdiction(p.jurisdiction_id);
    const reader = open311.readerOf(p.api_key);
    send(res, formatOf(req), 200, 'service_requests', [await open311.request(req.params.id as string, extensionsFlag(p.extensions), reader)]);
  });

  router.get('/tokens/:token.:format', requireFormat, async (req, res) => {
    open311.checkJurisdiction(onlyParams(req, ['jurisdiction_id']).jurisdiction_id);
    send(res, formatOf(req), 200, 'service_requests', [await open311.token(req.params.token as string)]);
  });

  router.use(open311NotFound);
  router.use(open311ErrorHandler);
  return router;
}
