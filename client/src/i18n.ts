import type { ReportSource } from '../../shared/domain/incident.ts';
import type { GridLevel } from '../../shared/domain/grid.ts';
import type { RouteFlag } from '../../shared/domain/route.ts';

/** UI languages: zh-CN is the operators' language; English is a courtesy switch. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const zhCN = {
  appTitle: '网格执法调度指挥中心',
  colon: '：',
  county: '县（区）',
  loading: '加载中…',
  liveConnected: '实时连接',
  liveDisconnected: '实时连接中断',
  incidents: '实时事件',
  noIncidents: '暂无事件。点击地图上报一条。',
  clickMapHint: '点击地图任意位置上报事件',
  reportTitle: '上报事件',
  description: '事件描述',
  descriptionPlaceholder: '例：主干道旁占道经营，影响通行',
  source: '来源',
  matterCode: '事项编码（可选）',
  matterCodePlaceholder: '如 A01.02',
  coordinates: '坐标',
  submit: '提交',
  submitting: '提交中…',
  cancel: '取消',
  close: '关闭',
  routedTo: '已派至',
  township: '乡镇',
  village: '村',
  group: '村民小组',
  unit: '责任单位',
  reasons: '派遣依据',
  alternates: '备选单位',
  errorTitle: '上报失败',
  loadError: '加载失败',
  statusReceived: '已接收',
  statusDispatched: '已派单',
  flyTo: '定位到地图',
  levelTownship: '乡镇网格',
  levelVillage: '村级网格',
  levelGroup: '村民小组网格',
  levelCounty: '县',
  language: 'English',
  flagBoundaryReview: '边界复核',
  flagNeedsClassification: '待分类',
  flagSnappedToNearest: '就近归属',
  flagUnrouted: '未落入网格',
  sourceHotline: '12345热线',
  sourceGridMember: '网格员',
  sourcePatrol: '执法巡查',
  sourcePublic: '群众上报',
  sourceVideo: '视频监控',
  sourceDepartment: '部门移交',
  sourceOpen311: 'Open311 接口',
  sourceOther: '其他',
};

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  appTitle: 'Grid Enforcement Dispatch Center',
  colon: ': ',
  county: 'County',
  loading: 'Loading…',
  liveConnected: 'Live',
  liveDisconnected: 'Live link down',
  incidents: 'Live incidents',
  noIncidents: 'No incidents yet. Click the map to file one.',
  clickMapHint: 'Click anywhere on the map to file a report',
  reportTitle: 'File a report',
  description: 'Description',
  descriptionPlaceholder: 'e.g. street vendor blocking the main road',
  source: 'Source',
  matterCode: 'Matter code (optional)',
  matterCodePlaceholder: 'e.g. A01.02',
  coordinates: 'Coordinates',
  submit: 'Submit',
  submitting: 'Submitting…',
  cancel: 'Cancel',
  close: 'Close',
  routedTo: 'Routed to',
  township: 'Township',
  village: 'Village',
  group: 'Group',
  unit: 'Responsible unit',
  reasons: 'Reasons',
  alternates: 'Alternates',
  errorTitle: 'Report failed',
  loadError: 'Failed to load',
  statusReceived: 'Received',
  statusDispatched: 'Dispatched',
  flyTo: 'Show on map',
  levelTownship: 'Township grids',
  levelVillage: 'Village grids',
  levelGroup: 'Group grids',
  levelCounty: 'County',
  language: '中文',
  flagBoundaryReview: 'Boundary review',
  flagNeedsClassification: 'Needs classification',
  flagSnappedToNearest: 'Snapped to nearest',
  flagUnrouted: 'Outside all grids',
  sourceHotline: '12345 hotline',
  sourceGridMember: 'Grid member',
  sourcePatrol: 'Patrol',
  sourcePublic: 'Public',
  sourceVideo: 'Video',
  sourceDepartment: 'Department referral',
  sourceOpen311: 'Open311',
  sourceOther: 'Other',
};

export const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export const SOURCE_KEYS: Record<ReportSource, MessageKey> = {
  hotline: 'sourceHotline',
  'grid-member': 'sourceGridMember',
  patrol: 'sourcePatrol',
  public: 'sourcePublic',
  video: 'sourceVideo',
  department: 'sourceDepartment',
  open311: 'sourceOpen311',
  other: 'sourceOther',
};

export const LEVEL_KEYS: Record<GridLevel, MessageKey> = {
  county: 'levelCounty',
  township: 'levelTownship',
  village: 'levelVillage',
  group: 'levelGroup',
};

export const FLAG_KEYS: Record<RouteFlag, MessageKey> = {
  boundaryReview: 'flagBoundaryReview',
  needsClassification: 'flagNeedsClassification',
  snappedToNearest: 'flagSnappedToNearest',
  unrouted: 'flagUnrouted',
};

export type Translate = (key: MessageKey) => string;

export function translator(lang: Lang): Translate {
  const messages = MESSAGES[lang];
  return (key) => messages[key];
}
