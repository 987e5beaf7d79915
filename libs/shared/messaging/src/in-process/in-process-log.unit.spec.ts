import { InProcessTopic, partitionOf } from './in-process-log.js';

describe('the in-process log', () => {
  it('puts a key always on the same partition, and spreads many keys over all of them', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `workflows.Workflow-${i}`);
    expect(keys.map((key) => partitionOf(key, 3))).toEqual(keys.map((key) => partitionOf(key, 3)));
    const counts = [0, 1, 2].map((p) => keys.filter((key) => partitionOf(key, 3) === p).length);
    expect(Math.min(...counts)).toBeGreaterThan(60);
  });

  it('numbers each partition from offset 0', () => {
    const topic = new InProcessTopic('weft.t.events', 2);
    for (const key of ['a', 'a', 'b']) topic.append({ key, headers: {}, value: key });
    const partition = partitionOf('a', 2);
    expect([topic.at(partition, 0)?.offset, topic.at(partition, 1)?.offset, topic.endOffset(partition)]).toEqual([
      0,
      1,
      partition === partitionOf('b', 2) ? 3 : 2,
    ]);
  });
});
