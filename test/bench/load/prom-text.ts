/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format (comments skipped); enough for the series this server exposes. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with that name whose labels include `labels`; 0 when there is none. */
export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value ?? 0;
}

export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parsePrometheus(await response.text());
}

/**
 * Quantiles of a histogram's observations between two scrapes, as the upper bound of the bucket
 * holding them (what the server itself measured: no network, no client). NaN when none were made.
 */
export function histogramQuantiles(before: readonly Sample[], after: readonly Sample[], name: string, labels: Record<string, string>, quantiles: readonly number[]): number[] {
  const buckets = (samples: readonly Sample[]) =>
    samples
      .filter((s) => s.name === `${name}_bucket` && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }));
  const start = new Map(buckets(before).map((b) => [b.le, b.count]));
  const delta = buckets(after)
    .map((b) => ({ le: b.le, count: b.count - (start.get(b.le) ?? 0) }))
    .sort((a, b) => a.le - b.le);
  const total = delta[delta.length - 1]?.count ?? 0;
  return quantiles.map((q) => (total === 0 ? NaN : (delta.find((b) => b.count >= q * total)?.le ?? Infinity)));
}
