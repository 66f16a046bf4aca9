import type { CollectionInfo } from '../../services/ogc-features-service.ts';

/** Conformance classes we implement: Part 1 Core, GeoJSON, and an OpenAPI 3.0 definition. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export function landingPage(base: string) {
  return {
    title: '网格执法调度指挥中心 Grid Dispatch — OGC API Features',
    description: '各县三级网格（乡镇、村、村民小组）、事件与执法单位 (grid levels, incidents and enforcement units), WGS84 / CRS84',
    links: [
      { href: `${base}`, rel: 'self', type: JSON_TYPE, title: 'this document' },
      { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'API definition (OpenAPI 3.0)' },
      { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
    ] satisfies Link[],
  };
}

export function collectionDocument(base: string, c: CollectionInfo) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    extent: { spatial: { bbox: [c.bbox], crs: CRS84 } },
    links: [
      { href: `${base}/collections/${c.id}`, rel: 'self', type: JSON_TYPE, title: c.title },
      { href: `${base}/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: `${c.title} (GeoJSON)` },
    ] satisfies Link[],
  };
}

export function collectionsDocument(base: string, all: CollectionInfo[]) {
  return {
    links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'collections' }] satisfies Link[],
    collections: all.map((c) => collectionDocument(base, c)),
  };
}

const param = (name: string, description: string, schema: object) => ({ name, in: 'query', required: false, description, schema, style: 'form', explode: false });

/** A small but valid OpenAPI 3.0 description of the endpoints (Core requires one). */
export function openApiDocument(base: string) {
  const json = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: { type: 'object' } } } });
  const geojson = (description: string) => ({ description, content: { [GEOJSON]: { schema: { type: 'object' } } } });
  const error = { description: 'error: {error: {code, message}}', content: { [JSON_TYPE]: { schema: { type: 'object' } } } };
  const f = param('f', 'output format; only JSON is offered', { type: 'string', enum: ['json', 'geojson'] });
  const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } };
  return {
    openapi: '3.0.3',
    info: { title: 'Grid Dispatch OGC API Features', version: '1.0.0', description: 'OGC API - Features - Part 1: Core, GeoJSON' },
    servers: [{ url: base }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', parameters: [f], responses: { 200: json('landing page') } } },
      '/conformance': { get: { operationId: 'getConformance', parameters: [f], responses: { 200: json('conformance classes') } } },
      '/collections': { get: { operationId: 'getCollections', parameters: [f], responses: { 200: json('collections') } } },
      '/collections/{collectionId}': {
        get: { operationId: 'describeCollection', parameters: [collectionId, f], responses: { 200: json('collection'), 404: error } },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            f,
            param('limit', 'at most this many features (default 100; above 1000 the maximum is used)', { type: 'integer', minimum: 1, maximum: 10000, default: 100 }),
            param('bbox', 'west,south,east,north in CRS84', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }),
            param('datetime', 'RFC 3339 instant or interval (incidents: receivedAt)', { type: 'string' }),
            param('offset', 'paging token for grids and units (use the next link)', { type: 'integer', minimum: 0 }),
            param('cursor', 'paging token for incidents (use the next link)', { type: 'string' }),
          ],
          responses: { 200: geojson('features'), 400: error, 404: error },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, f],
          responses: { 200: geojson('feature'), 404: error },
        },
      },
    },
  };
}
