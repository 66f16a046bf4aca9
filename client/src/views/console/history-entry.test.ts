import { describe, expect, it } from 'vitest';
import { describeHistoryEntry } from './history-entry.ts';

const names: Record<string, string> = { 'team-410923100000': '城关镇综合行政执法队', 'center-410923000000': '南乐县执法调度指挥中心' };
const unitName = (id: string) => names[id];

describe('describeHistoryEntry', () => {
  it('names a workflow step, its states, reason and actor in Chinese, and in English', () => {
    const entry = {
      type: 'case:transitioned',
      payload: { event: { type: 'return', from: 'handling', to: 'returned', reason: '非本队职责' }, actor: { userId: 'u-7', unitId: 'team-410923100000' } },
    };
    expect(describeHistoryEntry(entry, 'zh-CN', unitName)).toEqual({
      title: '退回',
      details: ['处置中 → 退回待重新派遣', '理由：非本队职责', '经办 u-7（城关镇综合行政执法队）'],
    });
    expect(describeHistoryEntry(entry, 'en', unitName)).toEqual({
      title: 'Returned',
      details: ['handling → returned', 'reason: 非本队职责', 'by u-7 (城关镇综合行政执法队)'],
    });
  });

  it('says where an order went, how many officers signed, and which level an escalation reached', () => {
    expect(describeHistoryEntry({ type: 'dispatch:created', payload: { unitId: 'team-410923100000', actor: { userId: 'system', unitId: 'center-410923000000' } } }, 'zh-CN', unitName)).toEqual({
      title: '派遣指令',
      details: ['派往 城关镇综合行政执法队', '经办 系统（南乐县执法调度指挥中心）'],
    });
    expect(describeHistoryEntry({ type: 'dispatch:acknowledged', payload: { officerIds: ['a', 'b'] } }, 'zh-CN', unitName).details).toEqual(['出动执法人员 2']);
    expect(describeHistoryEntry({ type: 'dispatch:escalated', payload: { escalation: { level: 'countyDispatchCenter' } } }, 'en', unitName)).toEqual({
      title: 'Not acknowledged in time: escalated',
      details: ['→ county dispatch center'],
    });
  });

  it('names the county dispatch center even when the caller does not know it', () => {
    expect(describeHistoryEntry({ type: 'incident:created', payload: { actor: { userId: 'system', unitId: 'center-410922000000' } } }, 'zh-CN', () => undefined).details).toEqual(['经办 系统（县执法调度指挥中心）']);
  });

  it('shows an unknown unit by its id and an unknown entry type under its raw type', () => {
    expect(describeHistoryEntry({ type: 'dispute:decided', payload: { responsibleUnitId: 'dept-x', reason: '属市场监管' } }, 'zh-CN', unitName)).toEqual({
      title: '协调中心确权',
      details: ['→ dept-x', '理由：属市场监管'],
    });
    expect(describeHistoryEntry({ type: 'something:new', payload: null }, 'zh-CN', unitName)).toEqual({ title: 'something:new', details: [] });
  });
});
