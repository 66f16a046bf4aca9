import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let tsxApi: string | undefined;

/** file:// URL of tsx's ESM register API, found through its package exports (works under tsx and vitest alike). */
function tsxApiUrl(): string {
  if (!tsxApi) {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    const exports = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
    tsxApi = pathToFileURL(join(dirname(pkg), exports['./esm/api']!.import.default)).href;
  }
  return tsxApi;
}

/**
 * A worker thread running a TypeScript module: it first registers tsx's loader, then imports the
 * module. The server runs from source (tsx), so worker entry points are .ts files too.
 */
export function startTsWorker(module: URL, options: Pick<WorkerOptions, 'workerData' | 'transferList' | 'resourceLimits'>): Worker {
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
