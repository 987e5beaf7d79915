import { describeEventStoreContract } from '../event-store.contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

// There is no EventStoreDB on every machine: the contract runs against one only when
// EVENTSTORE_URL names it, and says so in one line otherwise. The pure mapping the
// adapter relies on is unit-tested in mapping.unit.spec.ts either way.
const url = process.env['EVENTSTORE_URL'];

if (url) {
  describeEventStoreContract('EventStoreDB', async ({ upcasters }) => {
    const store = EventStoreDbEventStore.fromConnectionString(url, { upcasters });
    return { store, close: () => store.close(), detectsIdReuseAcrossStreams: false };
  });
} else {
  console.log('EventStoreDB contract suite not run: EVENTSTORE_URL is not set');
  describe('EventStoreDB adapter without a server', () => {
    it('opens lazily from a connection string and closes without having connected', async () => {
      const store = EventStoreDbEventStore.fromConnectionString('esdb://127.0.0.1:2113?tls=false');
      expect(store).toBeInstanceOf(EventStoreDbEventStore);
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
