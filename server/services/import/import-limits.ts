/**
 * Bounds on every grid upload (issue 13): what one import may cost the server, whatever the file.
 * A real county grid (data/grids/*.geojson) is 1–2 MB with a few thousand cells; these limits leave
 * room for counties ten times larger and detailed boundaries, and refuse anything beyond them with a
 * problem saying which limit, before the heavy checks run.
 */
export const IMPORT_LIMITS = {
  /** Upload body (GeoJSON or zip), refused with 413 before it is read when Content-Length says more. */
  bodyBytes: 64 * 1024 * 1024,
  /** Sum of the declared uncompressed sizes of the zip entries; each entry is inflated into a buffer of exactly its declared size, so a lying header cannot inflate more. */
  unzippedBytes: 256 * 1024 * 1024,
  zipEntries: 64,
  features: 50_000,
  verticesPerRing: 100_000,
  vertices: 5_000_000,
  /** Heap of the worker that decodes and checks one upload: past it the worker dies, the import fails, the server does not. */
  workerHeapMb: 1024,
  /** Grid uploads decoded and checked at once (each in its own capped worker); more wait their turn, so large imports never add up past 2 × workerHeapMb. */
  concurrentChecks: 2,
} as const;
