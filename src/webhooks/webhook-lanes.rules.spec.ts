import { ClaimState, planClaim } from './webhook-lanes.rules';

const lanes = (due: Record<string, number>) =>
  Object.entries(due).map(([subscriptionId, n]) => ({ subscriptionId, due: n }));

describe('planClaim: round-robin over subscriptions, each within its own lane', () => {
  const cases: {
    name: string;
    state: Omit<ClaimState, 'due' | 'inFlight'> & {
      due: Record<string, number>;
      inFlight?: Record<string, number>;
    };
    quotas: Record<string, number>;
    last: string | null;
    backlogged: string[];
  }[] = [
    {
      name: 'nothing due: nothing claimed',
      state: { due: {}, laneSize: 4, batchSize: 10, after: null },
      quotas: {},
      last: null,
      backlogged: [],
    },
    {
      name: 'room for everything: each lane up to what is due',
      state: { due: { a: 2, b: 1, c: 4 }, laneSize: 4, batchSize: 20, after: null },
      quotas: { a: 2, b: 1, c: 4 },
      last: 'c',
      backlogged: [],
    },
    {
      name: 'a lane takes at most its size, however much is due',
      state: { due: { a: 9 }, laneSize: 4, batchSize: 20, after: null },
      quotas: { a: 4 },
      last: 'a',
      backlogged: ['a'],
    },
    {
      name: 'a full lane is skipped, the others are served',
      state: { due: { slow: 4, a: 2, b: 2 }, inFlight: { slow: 4 }, laneSize: 4, batchSize: 20, after: null },
      quotas: { a: 2, b: 2 },
      last: 'b',
      backlogged: ['slow'],
    },
    {
      name: 'a lane with attempts in flight gets only its free slots',
      state: { due: { a: 4, b: 4 }, inFlight: { a: 3, b: 1 }, laneSize: 4, batchSize: 20, after: null },
      quotas: { a: 1, b: 3 },
      last: 'b',
      backlogged: ['a', 'b'],
    },
    {
      name: 'a small batch is dealt one each before a second to anyone',
      state: { due: { a: 4, b: 4, c: 4 }, laneSize: 4, batchSize: 4, after: null },
      quotas: { a: 2, b: 1, c: 1 },
      last: 'a',
      backlogged: ['a', 'b', 'c'],
    },
    {
      name: 'the next claim starts after the subscription served last',
      state: { due: { a: 4, b: 4, c: 4 }, laneSize: 4, batchSize: 2, after: 'a' },
      quotas: { b: 1, c: 1 },
      last: 'c',
      backlogged: ['a', 'b', 'c'],
    },
    {
      name: 'and wraps around',
      state: { due: { a: 4, b: 4, c: 4 }, laneSize: 4, batchSize: 2, after: 'c' },
      quotas: { a: 1, b: 1 },
      last: 'b',
      backlogged: ['a', 'b', 'c'],
    },
    {
      name: 'a subscription served last that has nothing due any more still sets where the turn starts',
      state: { due: { a: 4, c: 4 }, laneSize: 4, batchSize: 1, after: 'b' },
      quotas: { c: 1 },
      last: 'c',
      backlogged: ['a', 'c'],
    },
    {
      name: 'every lane full: nothing claimed, the turn stays',
      state: { due: { a: 1, b: 1 }, inFlight: { a: 2, b: 2 }, laneSize: 2, batchSize: 10, after: 'a' },
      quotas: {},
      last: 'a',
      backlogged: ['a', 'b'],
    },
    {
      name: 'no free slot in the process: nothing claimed',
      state: { due: { a: 3 }, laneSize: 4, batchSize: 0, after: null },
      quotas: {},
      last: null,
      backlogged: ['a'],
    },
  ];

  it.each(cases)('$name', ({ state, quotas, last, backlogged }) => {
    const plan = planClaim({
      ...state,
      due: lanes(state.due),
      inFlight: new Map(Object.entries(state.inFlight ?? {})),
    });
    expect(Object.fromEntries(plan.quotas.map((q) => [q.subscriptionId, q.count]))).toEqual(quotas);
    expect(plan.last).toBe(last);
    expect([...plan.backlogged].sort()).toEqual(backlogged);
  });

  it('a slow subscription never takes more than its lane, whatever the batch', () => {
    for (let batchSize = 1; batchSize <= 30; batchSize++) {
      const plan = planClaim({
        due: lanes({ slow: 4, a: 4, b: 4, c: 4, d: 4 }),
        inFlight: new Map([['slow', 2]]),
        laneSize: 4,
        batchSize,
        after: null,
      });
      const counts = Object.fromEntries(plan.quotas.map((q) => [q.subscriptionId, q.count]));
      expect(counts.slow ?? 0).toBeLessThanOrEqual(2);
      const total = plan.quotas.reduce((sum, q) => sum + q.count, 0);
      expect(total).toBe(Math.min(batchSize, 18));
      // Fair: no two subscriptions with room differ by more than one.
      const healthy = ['a', 'b', 'c', 'd'].map((id) => counts[id] ?? 0);
      expect(Math.max(...healthy) - Math.min(...healthy)).toBeLessThanOrEqual(1);
    }
  });
});
