import { describeDataKeyStoreContract } from './data-key-store.contract.js';
import { InMemoryDataKeyStore } from './data-key-store.js';

describeDataKeyStoreContract('in memory', () => Promise.resolve(new InMemoryDataKeyStore()));
