/**
 * The reference for the load bench: plain socket.io fan-out of the same payloads to the same
 * rooms, with none of the server's work — no auth, routing, storage, coalescing or Express.
 * POST /fanout {incident, order} emits incident:created and dispatch:created exactly as intake
 * does (minus the wall coalescing) and answers 201. Started as its own process by load.bench.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { normalizeCountyCode } from '../../../shared/domain/grid.ts';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import { rooms, type SubscribeRequest } from '../../../shared/protocol/events.ts';

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
let seq = 0;

io.on('connection', (socket) => {
  socket.on('session:subscribe', async (request: SubscribeRequest, ack: (r: unknown) => void) => {
    const wanted: string[] = [];
    const county = request.county ? normalizeCountyCode(request.county) : null;
    if (county) wanted.push(rooms.county(county));
    const wall = request.wall ? normalizeCountyCode(request.wall) : null;
    if (wall) wanted.push(rooms.wall(wall));
    for (const team of request.teams ?? []) wanted.push(rooms.team(team));
    await socket.join(wanted);
    ack({ ok: true, value: { rooms: wanted } });
  });
});

http.on('request', (req, res) => {
  if (req.method !== 'POST' || req.url !== '/fanout') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { incident, order } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incident: Incident; order: DispatchOrder };
    const route = incident.route;
    const audience = [rooms.county(route.county.code), rooms.township(route.township.code), rooms.wall(route.county.code)];
    io.to(audience).emit('incident:created', { seq: ++seq, incident });
    io.to([...audience, rooms.team(route.unit.id)]).emit('dispatch:created', { seq: ++seq, order, incident });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: incident.id }));
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`raw socket.io fan-out listening on http://localhost:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  void io.close().then(() => process.exit(0));
});
