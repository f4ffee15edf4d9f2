import { FreshBatches } from './caller-reads';

/** A read whose answer the test gives when it wants, to hold it in flight. */
function controlledReads() {
  const reads: { keys: string[]; answer(values: Record<string, string>): void; fail(e: Error): void }[] = [];
  const batches = new FreshBatches<string>(
    (keys) =>
      new Promise((resolve, reject) => {
        reads.push({
          keys,
          answer: (values) => resolve(new Map(Object.entries(values))),
          fail: reject,
        });
      }),
  );
  return { batches, reads };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshBatches', () => {
  it('the first caller starts a read at once; callers arriving meanwhile share the next one', async () => {
    const { batches, reads } = controlledReads();
    const first = batches.get('a');
    const later = [batches.get('a'), batches.get('b'), batches.get('a')];
    expect(reads.map((r) => r.keys)).toEqual([['a']]);
    reads[0].answer({ a: 'a@1' });
    expect(await first).toBe('a@1');
    await settled();
    expect(reads.map((r) => r.keys)).toEqual([['a'], ['a', 'b']]);
    reads[1].answer({ a: 'a@2', b: 'b@2' });
    expect(await Promise.all(later)).toEqual(['a@2', 'b@2', 'a@2']);
  });

  it('never answers a caller from a read that was already in flight when it asked', async () => {
    const { batches, reads } = controlledReads();
    const early = batches.get('a');
    // The row changes (say, a role change commits) while the first read is in flight; a request sent now must
    // not be given what that read returns.
    const late = batches.get('a');
    let lateAnswer: string | null | undefined;
    void late.then((v) => (lateAnswer = v));
    reads[0].answer({ a: 'old' });
    expect(await early).toBe('old');
    await settled();
    expect(lateAnswer).toBeUndefined();
    reads[1].answer({ a: 'new' });
    expect(await late).toBe('new');
  });

  it('a missing key is null; a failed read fails its callers only, and the next read runs', async () => {
    const { batches, reads } = controlledReads();
    const missing = batches.get('x');
    reads[0].answer({});
    expect(await missing).toBeNull();
    const failing = batches.get('a');
    await settled();
    reads[1].fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    const after = batches.get('a');
    await settled();
    reads[2].answer({ a: 'a@3' });
    expect(await after).toBe('a@3');
  });

  it('a read that throws synchronously fails its callers', async () => {
    const batches = new FreshBatches<string>(() => {
      throw new Error('no pool');
    });
    await expect(batches.get('a')).rejects.toThrow('no pool');
  });
});
