import { Router, type Request } from 'express';
import { DomainError } from '../../services/domain-error.ts';
import type { OgcFeaturesService } from '../../services/ogc-features-service.ts';
import { parseBbox, parseDatetime, parseLimit, parseOffset, type Parsed } from '../../services/ogc-params.ts';
import { notFound } from '../errors.ts';
import type { AuthGuards } from '../require-auth.ts';
import { incidentAccess } from '../standards-access.ts';
import { CONFORMANCE, collectionDocument, collectionsDocument, landingPage, openApiDocument, type Link } from './ogc-documents.ts';

const GEOJSON = 'application/geo+json';

/** Core: a parameter the API does not define is a 400, not silently ignored. */
function onlyParams(req: Request, allowed: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!allowed.includes(key)) throw new DomainError('VALIDATION_FAILED', `unknown query parameter "${key}"; allowed here: ${allowed.join(', ')}`);
    if (typeof value !== 'string') throw new DomainError('VALIDATION_FAILED', `query parameter "${key}" given more than once`);
    out[key] = value;
  }
  const f = out.f;
  if (f !== undefined && f !== 'json' && f !== 'geojson') throw new DomainError('VALIDATION_FAILED', `f=${f}: only json (GeoJSON) is offered`);
  return out;
}

function must<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.message);
  return parsed.value;
}

/** The /ogc root as clients reached it, so every link is absolute and follows the Host they used. */
function baseOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** Grids and units are public map data; incidents need a signed-in caller and show only what case:read allows. */
export function ogcRoutes(features: OgcFeaturesService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/', (req, res) => {
    onlyParams(req, ['f']);
    res.json(landingPage(baseOf(req)));
  });
  router.get('/api', (req, res) => {
    onlyParams(req, ['f']);
    res.type('application/vnd.oai.openapi+json;version=3.0').send(JSON.stringify(openApiDocument(baseOf(req))));
  });
  router.get('/conformance', (req, res) => {
    onlyParams(req, ['f']);
    res.json({ conformsTo: CONFORMANCE });
  });
  router.get('/collections', (req, res) => {
    onlyParams(req, ['f']);
    res.json(collectionsDocument(baseOf(req), features.collections()));
  });
  const collectionOr404 = (id: string) => {
    const info = features.collection(id);
    if (!info) throw new DomainError('NOT_FOUND', `no collection "${id}"; GET /ogc/collections lists them`);
    return info;
  };
  router.get('/collections/:collectionId', (req, res) => {
    onlyParams(req, ['f']);
    res.json(collectionDocument(baseOf(req), collectionOr404(req.params.collectionId)));
  });
  router.get('/collections/:collectionId/items', async (req, res) => {
    const info = collectionOr404(req.params.collectionId);
    const p = onlyParams(req, ['f', 'bbox', 'datetime', 'limit', 'offset', 'cursor']);
    const limit = must(parseLimit(p.limit));
    const query = {
      limit,
      ...(info.source.kind === 'incidents' ? { access: incidentAccess(guards, req, res) } : {}),
      offset: must(parseOffset(p.offset)),
      ...(p.bbox !== undefined ? { bbox: must(parseBbox(p.bbox)) } : {}),
      ...(p.datetime !== undefined ? { window: must(parseDatetime(p.datetime)) } : {}),
      ...(p.cursor !== undefined ? { cursor: p.cursor } : {}),
    };
    const page = await features.items(info, query);
    const base = baseOf(req);
    const itemsUrl = `${base}/collections/${info.id}/items`;
    const keep = new URLSearchParams();
    for (const key of ['bbox', 'datetime', 'f'] as const) if (p[key] !== undefined) keep.set(key, p[key]);
    keep.set('limit', String(limit));
    const self = new URLSearchParams(keep);
    if (p.offset) self.set('offset', p.offset);
    if (p.cursor) self.set('cursor', p.cursor);
    const links: Link[] = [
      { href: `${itemsUrl}?${self}`, rel: 'self', type: GEOJSON, title: 'this page' },
      { href: `${base}/collections/${info.id}`, rel: 'collection', type: 'application/json', title: info.title },
    ];
    if (page.next) {
      const next = new URLSearchParams(keep);
      if ('offset' in page.next) next.set('offset', String(page.next.offset));
      else next.set('cursor', page.next.cursor);
      links.push({ href: `${itemsUrl}?${next}`, rel: 'next', type: GEOJSON, title: 'next page' });
    }
    res.type(GEOJSON).send(
      JSON.stringify({
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        ...(page.numberMatched !== undefined ? { numberMatched: page.numberMatched } : {}),
        numberReturned: page.features.length,
        features: page.features,
        links,
      }),
    );
  });
  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const info = collectionOr404(req.params.collectionId);
    onlyParams(req, ['f']);
    const access = info.source.kind === 'incidents' ? incidentAccess(guards, req, res) : undefined;
    const feature = await features.item(info, req.params.featureId, access);
    if (!feature) throw new DomainError('NOT_FOUND', `no feature "${req.params.featureId}" in collection "${info.id}"`);
    const base = baseOf(req);
    const links: Link[] = [
      { href: `${base}/collections/${info.id}/items/${encodeURIComponent(req.params.featureId)}`, rel: 'self', type: GEOJSON },
      { href: `${base}/collections/${info.id}`, rel: 'collection', type: 'application/json', title: info.title },
    ];
    res.type(GEOJSON).send(JSON.stringify({ ...feature, links }));
  });
  // Unknown /ogc paths answer in the API's error shape, never with the web client's page.
  router.use(notFound);
  return router;
}
