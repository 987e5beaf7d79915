import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import { kafkaBrokers, uniqueTopic, waitUntil } from '@weft/testing';
import { describeEventBusContract } from '../event-bus.contract.js';
import { topicOf } from '../event-bus.js';
import { createKafka } from './kafka-client.js';
import { KafkaEventBus } from './kafka-event-bus.js';

describeEventBusContract(
  'Kafka',
  async ({ topicPrefix, retry, logger }) =>
    new KafkaEventBus({ brokers: kafkaBrokers(), clientId: 'weft-contract', topicPrefix, retry, logger, partitions: 3 }),
);

describe('KafkaEventBus on the wire', () => {
  it('creates the topic with the configured partitions and keys each message by stream id', async () => {
    const topicPrefix = uniqueTopic('weft.wire');
    const bus = new KafkaEventBus({ brokers: kafkaBrokers(), topicPrefix, partitions: 4, logger: () => undefined });
    const kafka = createKafka({ clientId: 'weft-wire-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const consumer = kafka.consumer({ groupId: `${topicPrefix}.raw` });
    try {
      const streamId = `wire.Thing-${randomUUID()}`;
      const eventId = randomUUID();
      await bus.publish([
        {
          eventId,
          type: 'ThingHappened',
          schemaVersion: 1,
          data: { n: 1 },
          metadata: {},
          streamId,
          streamVersion: 0,
          logPosition: { transactionId: '1', position: '1' },
          occurredAt: new Date(),
          hash: 'h',
        },
      ]);
      const topic = topicOf('wire', topicPrefix);
      await admin.connect();
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata?.partitions).toHaveLength(4);

      const seen: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.key?.toString()} ${message.headers?.['event-id']?.toString()}`) });
      await waitUntil(() => seen.length > 0, { timeoutMs: 30_000, description: 'the raw message' });
      expect(seen).toEqual([`${streamId} ${eventId}`]);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await consumer.disconnect();
      await admin.disconnect();
      await bus.close();
    }
  }, 60_000);
});
