import { type logCreator, logLevel } from 'kafkajs';
import { type BusLogEntry, type BusLogger } from '../logger.js';

const levels: Readonly<Partial<Record<logLevel, BusLogEntry['level']>>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Routes kafkajs's own log lines to the bus logger. kafkajs is created at WARN, so its
 * debug lines (which describe requests) never reach a log; message values are not logged at all.
 */
export function kafkaLogCreator(logger: BusLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      logger({ level: levels[level] ?? 'info', message: `kafkajs ${namespace}: ${message}`, fields });
    };
}
