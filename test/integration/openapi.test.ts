import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  matchers?: Array<(path: string) => unknown>;
}

/** Every method+path mounted on a router and the routers below it (Express 5 internals). */
function mountedRoutes(stack: Layer[]): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push(`${method} ${layer.route.path}`);
    } else if (layer.handle?.stack) {
      found.push(...mountedRoutes(layer.handle.stack));
    }
  }
  return found;
}

/** Routers mounted at /api/v1 (the API and the standards' exports and imports). */
function apiStack(app: Express): Layer[] {
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack.filter((l) => l.handle?.stack && !l.route && l.matchers?.some((m) => m('/api/v1/health'))).flatMap((l) => l.handle!.stack!);
}

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every mounted /api/v1 route, with request schemas from zod', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const described = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const mounted = mountedRoutes(apiStack(server.app));
    expect(mounted.length).toBeGreaterThan(40);
    const undocumented = mounted.filter((r) => !described.has(r));
    expect(undocumented).toEqual([]);
    const stale = [...described].filter((d) => !mounted.includes(d));
    expect(stale).toEqual([]);

    // The report body schema is the one POST /reports validates with.
    const report = doc.paths['/api/v1/reports'].post.requestBody.content['application/json'].schema;
    expect(report.required).toEqual(expect.arrayContaining(['lon', 'lat', 'description', 'source']));
    expect(report.properties.lat).toMatchObject({ minimum: -90, maximum: 90 });
    expect(report.additionalProperties).toBe(false);
  });
});
