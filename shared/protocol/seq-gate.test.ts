import { describe, expect, it } from 'vitest';
import { SeqGate } from './seq-gate.ts';

const e = (seq: number) => ({ seq });

describe('SeqGate', () => {
  it('delivers live events in order and drops repeats', () => {
    const seen: number[] = [];
    const gate = new SeqGate(0, (x) => seen.push(x.seq));
    [1, 2, 2, 3].forEach((s) => gate.live(e(s)));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('holds live events that overtake the replay, then releases what the replay did not cover', () => {
    const seen: number[] = [];
    const gate = new SeqGate(10, (x) => seen.push(x.seq));
    gate.beginReplay();
    gate.live(e(14)); // broadcast while the server was still reading the log
    gate.live(e(15));
    gate.replay([e(11), e(12), e(13), e(14)]);
    gate.live(e(16));
    expect(seen).toEqual([11, 12, 13, 14, 15, 16]);
    expect(gate.last).toBe(16);
  });

  it('keeps holding across replay pages until the last one', () => {
    const seen: number[] = [];
    const gate = new SeqGate(0, (x) => seen.push(x.seq));
    gate.beginReplay();
    gate.replay([e(1), e(2)], false);
    gate.live(e(4));
    expect(seen).toEqual([1, 2]);
    gate.replay([e(3)], true);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
