import { randomBytes } from 'node:crypto';
import { testEnvironment } from './environment.js';

/** A topic name no other test or run uses, so tests never read each other's messages. */
export function uniqueTopic(prefix = 'weft.test'): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

export function kafkaBrokers(): string[] {
  return [...testEnvironment().kafkaBrokers];
}
