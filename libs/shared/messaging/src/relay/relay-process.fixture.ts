// A relay in a process of its own, for the crash test: started, SIGKILLed and started
// again by relay.int.spec.ts. Configuration comes from the environment the test sets.
import { PostgresEventStore } from '@weft/eventstore';
import { Database } from '@weft/postgres';
import { KafkaEventBus } from '../kafka/kafka-event-bus.js';
import { Relay } from './relay.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = new Database({ url: env('DATABASE_URL'), maxConnections: 3, applicationName: 'weft-relay-fixture' });
const store = new PostgresEventStore(db);
const bus = new KafkaEventBus({ brokers: env('KAFKA_BROKERS').split(','), topicPrefix: env('TOPIC_PREFIX'), clientId: 'relay-fixture' });
const relay = new Relay({ store, bus, db, name: env('RELAY_NAME'), batchSize: 50, onError: (error) => console.error(error) });
relay.start();
console.log('relay started');
