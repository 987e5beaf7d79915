// The default timeout of an integration test (jest reads `testTimeout` from the root config only,
// not per project). These tests share two cores with PostgreSQL, Kafka and each other, and
// wait for conditions with bounds of their own; this only stops a test that hangs.
import { jest } from '@jest/globals';

jest.setTimeout(60_000);
