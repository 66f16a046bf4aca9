/**
 * Worker thread: decodes and checks one grid upload. Parsing, unzipping and reprojecting a large
 * file and the unions and differences of whole counties take memory and seconds of CPU; here they
 * run under the worker's heap cap (IMPORT_LIMITS.workerHeapMb) and cannot stall the server's event
 * loop (which would also trip load shedding for every other request) or exhaust its memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkGrid } from '../../../shared/grid-validation/check-grid.ts';
import type { GridCheckInput, GridCheckMessage } from './grid-check-messages.ts';
import { decodeGridUpload } from './grid-upload.ts';
import { uploadDrawing } from './upload-drawing.ts';

const input = workerData as GridCheckInput;
const post = (message: GridCheckMessage) => parentPort!.postMessage(message);

const decoded = await decodeGridUpload(input.bytes, input.kind, input.crs);
if (!decoded.ok) {
  post({ type: 'refused', problems: decoded.problems });
} else {
  const features = decoded.collection.features;
  const codes = features.map((f) => String((f as { properties?: { code?: unknown } } | null)?.properties?.code ?? '')).filter(Boolean);
  post({ type: 'decoded', sourceCrs: decoded.sourceCrs, drawing: JSON.stringify(uploadDrawing(features)), codes });
  const steps = checkGrid(decoded.collection, input.countyCode);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      post({ type: 'checked', result: step.value });
      break;
    }
    post({ type: 'progress', progress: step.value });
  }
}
