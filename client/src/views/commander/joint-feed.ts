import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';

/**
 * The joint actions a view knows, by id, merged from the REST list and live broadcasts. A view
 * only replaces what it holds with a newer version, so a late REST answer cannot undo a live event.
 */
export function mergeActions(current: readonly JointActionView[], incoming: readonly JointActionView[]): JointActionView[] {
  const byId = new Map(current.map((a) => [a.id, a]));
  for (const action of incoming) {
    const held = byId.get(action.id);
    if (!held || held.version <= action.version) byId.set(action.id, action);
  }
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}
