import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, type CaseAction, type CaseStatus } from '../../../../shared/domain/case-lifecycle.ts';
import { ESCALATION_LEVEL_LABELS, type EscalationLevel } from '../../../../shared/domain/ack-ladder.ts';
import type { Lang } from '../../i18n/lang.ts';

/**
 * One line of a case's 办理记录 in words an operator reads aloud: "签收 · 已派遣 → 处置中 · 城关镇执法队",
 * not `case:transitioned`. The log's types and payloads are the server's (event-log.ts); an entry
 * of a type this table does not know still shows, under its raw type, so nothing is hidden.
 */
export interface HistoryLine {
  title: string;
  details: string[];
}

type Bilingual = Record<Lang, string>;

const TYPE_TITLES: Record<string, Bilingual> = {
  'incident:created': { 'zh-CN': '受理登记', en: 'Report received' },
  'dispatch:created': { 'zh-CN': '派遣指令', en: 'Dispatch order' },
  'dispatch:acknowledged': { 'zh-CN': '签收派遣', en: 'Order acknowledged' },
  'dispatch:escalated': { 'zh-CN': '超时未签收，升级', en: 'Not acknowledged in time: escalated' },
  'feedback:sent': { 'zh-CN': '反馈主管部门', en: 'Feedback to the department' },
  'dispute:raised': { 'zh-CN': '提出管辖争议', en: 'Responsibility disputed' },
  'dispute:decided': { 'zh-CN': '协调中心确权', en: 'Coordination center decided' },
  'collaboration:requested': { 'zh-CN': '乡呼县应：发起协助', en: 'Technical finding requested' },
  'collaboration:answered': { 'zh-CN': '乡呼县应：已答复', en: 'Technical finding answered' },
  'attachment:stored': { 'zh-CN': '上传附件', en: 'Attachment added' },
};

const ACTION_EN: Record<CaseAction, string> = {
  register: 'Registered',
  reject: 'Not registered',
  dispatch: 'Dispatched',
  acknowledge: 'Acknowledged',
  return: 'Returned',
  reportResult: 'Result reported',
  verify: 'Verified',
  rework: 'Sent back for rework',
  close: 'Closed',
  transfer: 'Transferred',
  reassign: 'Reassigned',
  urge: 'Urged',
  recall: 'Recalled',
};

const STATUS_EN: Record<CaseStatus, string> = {
  received: 'received',
  registered: 'registered',
  rejected: 'not registered',
  dispatched: 'dispatched',
  handling: 'handling',
  returned: 'returned',
  resultReported: 'result reported',
  verified: 'verified',
  closed: 'closed',
};

const LEVEL_EN: Record<EscalationLevel, string> = {
  townshipCommander: 'township commander',
  countyDispatchCenter: 'county dispatch center',
};

const LABELS = {
  reason: { 'zh-CN': '理由', en: 'reason' },
  by: { 'zh-CN': '经办', en: 'by' },
  to: { 'zh-CN': '派往', en: 'to' },
  officers: { 'zh-CN': '出动执法人员', en: 'officers' },
  late: { 'zh-CN': '逾期答复', en: 'answered late' },
  system: { 'zh-CN': '系统', en: 'system' },
  center: { 'zh-CN': '县执法调度指挥中心', en: 'county dispatch center' },
} satisfies Record<string, Bilingual>;

interface LoggedPayload {
  event?: { type?: string; from?: string; to?: string; reason?: string; targetUnitId?: string };
  actor?: { userId?: string; unitId?: string };
  unitId?: string;
  toUnitId?: string;
  responsibleUnitId?: string;
  officerIds?: string[];
  escalation?: { level?: string };
  reason?: string;
  late?: boolean;
}

/** `unitName` turns a unit id into its name where the caller knows it (else the id shows). */
export function describeHistoryEntry(entry: { type: string; payload: unknown }, lang: Lang, unitName: (id: string) => string | undefined): HistoryLine {
  const p = (entry.payload ?? {}) as LoggedPayload;
  // The county's dispatch center is not among a route's units, but every log line of the system names it.
  const unit = (id: string) => unitName(id) ?? (id.startsWith('center-') ? LABELS.center[lang] : id);
  const details: string[] = [];
  let title = TYPE_TITLES[entry.type]?.[lang] ?? entry.type;

  if (entry.type === 'case:transitioned' && p.event?.type && p.event.type in CASE_ACTION_LABELS) {
    const action = p.event.type as CaseAction;
    title = lang === 'zh-CN' ? CASE_ACTION_LABELS[action] : ACTION_EN[action];
    const status = (s: string | undefined) => (s && s in CASE_STATUS_LABELS ? (lang === 'zh-CN' ? CASE_STATUS_LABELS[s as CaseStatus] : STATUS_EN[s as CaseStatus]) : s);
    if (p.event.from && p.event.to && p.event.from !== p.event.to) details.push(`${status(p.event.from)} → ${status(p.event.to)}`);
    if (p.event.targetUnitId) details.push(`${LABELS.to[lang]} ${unit(p.event.targetUnitId)}`);
  }
  if (entry.type === 'dispatch:created' && p.unitId) details.push(`${LABELS.to[lang]} ${unit(p.unitId)}`);
  if (entry.type === 'feedback:sent' && p.toUnitId) details.push(`${LABELS.to[lang]} ${unit(p.toUnitId)}`);
  if (entry.type === 'dispute:decided' && p.responsibleUnitId) details.push(`→ ${unit(p.responsibleUnitId)}`);
  if (entry.type === 'dispatch:acknowledged' && p.officerIds?.length) details.push(`${LABELS.officers[lang]} ${p.officerIds.length}`);
  if (entry.type === 'dispatch:escalated' && p.escalation?.level && p.escalation.level in ESCALATION_LEVEL_LABELS) {
    const level = p.escalation.level as EscalationLevel;
    details.push(`→ ${lang === 'zh-CN' ? ESCALATION_LEVEL_LABELS[level] : LEVEL_EN[level]}`);
  }
  if (entry.type === 'collaboration:answered' && p.late) details.push(LABELS.late[lang]);
  const reason = p.event?.reason ?? p.reason;
  const zh = lang === 'zh-CN';
  if (reason) details.push(`${LABELS.reason[lang]}${zh ? '：' : ': '}${reason}`);
  if (p.actor?.userId) {
    const who = p.actor.userId === 'system' ? LABELS.system[lang] : p.actor.userId;
    const where = p.actor.unitId ? (zh ? `（${unit(p.actor.unitId)}）` : ` (${unit(p.actor.unitId)})`) : '';
    details.push(`${LABELS.by[lang]} ${who}${where}`);
  }
  return { title, details };
}
