export * from './event-bus.js';
export { type BusMessage, UnroutableEventError, decodeEvent, encodeEvent, encodeByTopic, topicOfEvent } from './event-codec.js';
export { type BusLogEntry, type BusLogger, warningsToStderr } from './logger.js';
export { DEFAULT_RETRY, type RetryPolicy } from './redelivery.js';
export { KafkaEventBus, type KafkaEventBusConfig } from './kafka/kafka-event-bus.js';
export { InProcessEventBus, type InProcessEventBusConfig } from './in-process/in-process-event-bus.js';
export * from './relay/index.js';
export { subscribeWhenReady } from './kafka/subscribe-when-ready.js';
export { TopicProvisioner, type TopicSettings } from './kafka/kafka-topics.js';
