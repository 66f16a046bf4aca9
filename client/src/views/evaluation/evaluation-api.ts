import type { EvaluationDimension } from '../../../../shared/evaluation/evaluate.ts';
import type { StatsResponse } from '../../../../shared/protocol/stats.ts';
import { endSession, sessionToken } from '../../api/session.ts';

export async function fetchEvaluation(county: string, range: { from: string; to: string }, by: EvaluationDimension, signal?: AbortSignal): Promise<StatsResponse> {
  const query = new URLSearchParams({ county, from: range.from, to: range.to, by });
  const token = sessionToken();
  const res = await fetch(`/api/v1/stats?${query}`, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
  const body = (await res.json().catch(() => null)) as (StatsResponse & { error?: { message: string } }) | null;
  if (res.status === 401) endSession();
  if (!res.ok || !body) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}
