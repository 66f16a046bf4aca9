/**
 * Worker thread: checks one decoded grid upload. Unions and differences of whole counties take
 * seconds of CPU; here they cannot stall the server's event loop (which would also trip load
 * shedding for every other request).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkGrid } from '../../../shared/grid-validation/check-grid.ts';
import type { GridCheckMessage } from './grid-check-messages.ts';

const input = workerData as { collection: unknown; countyCode: string };
const post = (message: GridCheckMessage) => parentPort!.postMessage(message);

const steps = checkGrid(input.collection, input.countyCode);
for (;;) {
  const step = steps.next();
  if (step.done) {
    post({ type: 'checked', result: step.value });
    break;
  }
  post({ type: 'progress', progress: step.value });
}
