import { gzipSync } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Issue 13, findings 1–3: requests that used to stop the server (or get a 500) now get a 4xx and the
 * server keeps answering.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ admission: false });
});
afterAll(async () => {
  await server?.close();
});

async function healthy(): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/health`);
  expect(res.status).toBe(200);
}

describe('socket.io long polling is answered by engine.io alone (finding 1)', () => {
  it('an unauthenticated polling handshake and POST leave the server running', async () => {
    const open = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(open.status).toBe(200);
    const text = await open.text();
    const sid = (JSON.parse(text.slice(text.indexOf('{'))) as { sid: string }).sid;
    expect(sid).toMatch(/\S/);
    for (let i = 0; i < 3; i++) {
      const post = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '40' });
      // engine.io answers "ok" or refuses the session; it is never also answered by express.
      expect([200, 400]).toContain(post.status);
      await post.text();
    }
    const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`);
    await poll.text();
    await healthy();
  });

  it('a socket.io client on the polling transport connects and subscribes', async () => {
    const token = await loginAs(server, 'system.admin');
    const socket: Socket = io(server.url, { transports: ['polling'], forceNew: true, auth: { token } });
    try {
      const ack = (await socket.timeout(5000).emitWithAck('session:subscribe', { county: '410923' })) as { ok: boolean };
      expect(ack.ok).toBe(true);
    } finally {
      socket.disconnect();
    }
    await healthy();
  });
});

describe('socket payloads are validated by one schema layer (finding 2)', () => {
  const hostile: unknown[] = [
    { townships: [{ toString: 1 }] },
    { county: { toString: 1 } },
    { teams: [{ toString: 1, valueOf: 2 }] },
    { wall: { toString: null } },
    { townships: 'x'.repeat(1000) },
    { afterSeq: { valueOf: 1 } },
    { county: '410923', extra: 1 },
    'a string',
    42,
    null,
    [{ toString: 1 }],
  ];
  it.each(hostile.map((payload) => [JSON.stringify(payload), payload]))('session:subscribe %s → VALIDATION_FAILED ack, server alive', async (_label, payload) => {
    const token = await loginAs(server, 'nanle.grid');
    const socket: Socket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token } });
    try {
      const ack = (await socket.timeout(5000).emitWithAck('session:subscribe', payload)) as { ok: boolean; error?: { code: string } };
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    } finally {
      socket.disconnect();
    }
    await healthy();
  });

  it('an unknown event and a subscribe without an ack are ignored, server alive', async () => {
    const token = await loginAs(server, 'nanle.grid');
    const socket: Socket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.emit('session:subscribe', { townships: [{ toString: 1 }] });
      socket.emit('no:such-event', { toString: 1 });
      const ack = (await socket.timeout(5000).emitWithAck('no:such-event', {})) as { ok: boolean; error?: { code: string } };
      expect(ack).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    } finally {
      socket.disconnect();
    }
    await healthy();
  });
});

describe('malformed requests are client errors (finding 3)', () => {
  it('an anonymous Open311 read with a badly encoded id → 400 in the Open311 error shape', async () => {
    const res = await fetch(`${server.url}/open311/v2/requests/%ZZ.json`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ code: 400, description: expect.stringContaining('percent-encoding') }]);
    await healthy();
  });

  it.each(['/api/v1/incidents/%ZZ', '/ogc/collections/%ZZ', '/ogc/collections/%ZZ/items', '/api/v1/imports/%E0%A4%A'])('GET %s → 400', async (path) => {
    const token = await loginAs(server, 'system.admin');
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    await healthy();
  });

  it('a body whose Content-Encoding: gzip is not gzip → 400', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{"username":"a","password":"b"}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_CONTENT_ENCODING');
    await healthy();
  });

  it('a truncated gzip body → 400; a valid gzip body is read', async () => {
    const whole = gzipSync(JSON.stringify({ username: 'system.admin', password: 'wrong-password' }));
    const cut = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: whole.subarray(0, whole.length - 6) });
    expect(cut.status).toBe(400);
    const ok = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: whole });
    expect(ok.status).toBe(401);
    await healthy();
  });
});
