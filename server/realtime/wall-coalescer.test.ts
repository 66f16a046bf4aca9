import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Publisher } from '../services/publisher.ts';
import { WALL_BATCH_EVENT, WallCoalescer, type WallBatchEvent } from './wall-coalescer.ts';

let http: HttpServer;
let io: Server;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  http = createServer();
  io = new Server(http);
  // Test-only subscription: join the rooms asked for (the real server checks the actor's scope).
  io.on('connection', (socket) =>
    socket.on('join', async (rooms: string[], ack: () => void) => {
      await socket.join(rooms);
      ack();
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await io.close();
});

async function client(rooms: string[]): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true });
  clients.push(socket);
  await socket.timeout(5000).emitWithAck('join', rooms);
  return socket;
}

const direct: Publisher = {
  publish(rooms, event, payload) {
    (io.to(rooms).emit as (e: string, p: unknown) => boolean)(event, payload);
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WallCoalescer', () => {
  it('batches wall-room events to at most 4 a second, each event exactly once, with the seq range; other rooms get events directly', async () => {
    const coalescer = new WallCoalescer(io, { intervalMs: 250 });
    const publisher = coalescer.wrap(direct);
    const wall = await client(['wall:410923000000']);
    const operator = await client(['county:410923000000']);
    const batches: WallBatchEvent[] = [];
    wall.on(WALL_BATCH_EVENT, (batch: WallBatchEvent) => batches.push(batch));
    const wallDirect: unknown[] = [];
    wall.on('incident:created', (e: unknown) => wallDirect.push(e));
    const operatorSeen: number[] = [];
    operator.on('incident:created', (e: { seq: number }) => operatorSeen.push(e.seq));

    const start = Date.now();
    for (let seq = 1; seq <= 60; seq++) {
      publisher.publish(['county:410923000000', 'wall:410923000000'], 'incident:created', { seq, incident: { id: `i${seq}` } } as never);
      await sleep(20); // ~50 events a second for ~1.2 s
    }
    await sleep(600);
    coalescer.close();
    const elapsed = Date.now() - start;

    expect(operatorSeen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(wallDirect).toEqual([]);
    const seqs = batches.flatMap((b) => b.events.map((e) => e.seq));
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const batch of batches) {
      expect(batch.room).toBe('wall:410923000000');
      expect(batch.fromSeq).toBe(batch.events[0]!.seq);
      expect(batch.toSeq).toBe(batch.events[batch.events.length - 1]!.seq);
      expect(batch.events.every((e) => e.event === 'incident:created')).toBe(true);
    }
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
  });

  it('sends the first event after a quiet spell at once', async () => {
    const coalescer = new WallCoalescer(io, { intervalMs: 250 });
    const publisher = coalescer.wrap(direct);
    const wall = await client(['wall:330822000000']);
    const got = new Promise<number>((resolve) => wall.once(WALL_BATCH_EVENT, () => resolve(Date.now())));
    await sleep(300);
    const sent = Date.now();
    publisher.publish(['wall:330822000000'], 'dispatch:created', { seq: 7 } as never);
    expect((await got) - sent).toBeLessThan(100);
    coalescer.close();
  });
});
