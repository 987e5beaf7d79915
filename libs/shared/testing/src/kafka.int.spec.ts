import { logLevel } from 'kafkajs';
import { createKafka } from '@weft/messaging';
import { kafkaBrokers, uniqueTopic, waitUntil } from './index.js';

describe('the real Kafka broker', () => {
  const kafka = createKafka({ clientId: 'weft-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });

  it('round-trips a message through a consumer group and commits the offset', async () => {
    const topic = uniqueTopic();
    const groupId = `${topic}.group`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'stream-1', value: 'hello', headers: { 'event-id': 'e1' } }] });

    const received: string[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(`${message.key?.toString()}:${message.value?.toString()}:${message.headers?.['event-id']?.toString()}`);
      },
    });
    await waitUntil(() => received.length === 1, { timeoutMs: 30_000, description: 'the message' });
    await consumer.disconnect();

    await waitUntil(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return offsets?.partitions[0]?.offset === '1';
      },
      { timeoutMs: 10_000, description: 'the committed offset' },
    );
    expect(received).toEqual(['stream-1:hello:e1']);
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  }, 60_000);
});
