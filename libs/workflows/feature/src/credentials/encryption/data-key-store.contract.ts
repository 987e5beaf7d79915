import { randomUUID } from 'node:crypto';
import { type DataKeyStore } from './data-key-store.js';

/**
 * The behaviour every `DataKeyStore` adapter promises. Register it from a spec file with
 * a factory; organizations are fresh UUIDs per test, so adapters may share one table.
 */
export function describeDataKeyStoreContract(name: string, factory: () => Promise<DataKeyStore>): void {
  describe(`DataKeyStore contract: ${name}`, () => {
    let store: DataKeyStore;
    beforeEach(async () => {
      store = await factory();
    });

    it('has no key for a new organization', async () => {
      const org = randomUUID();
      expect(await store.current(org)).toBeUndefined();
      expect(await store.byVersion(org, 1)).toBeUndefined();
    });

    it('numbers versions per organization from 1, the highest being current', async () => {
      const [org, other] = [randomUUID(), randomUUID()];
      const first = await store.create(org, 'wrapped-1', 'mk-a');
      const second = await store.create(org, 'wrapped-2', 'mk-a');
      const elsewhere = await store.create(other, 'wrapped-x', 'mk-a');
      expect([first.version, second.version, elsewhere.version]).toEqual([1, 2, 1]);
      expect(await store.current(org)).toMatchObject({ organizationId: org, version: 2, wrappedKey: 'wrapped-2', masterKeyId: 'mk-a', rewrappedAt: null });
      expect(await store.byVersion(org, 1)).toMatchObject({ version: 1, wrappedKey: 'wrapped-1' });
      expect((await store.current(org))?.createdAt).toBeInstanceOf(Date);
    });

    it('gives concurrent creations distinct versions', async () => {
      const org = randomUUID();
      const created = await Promise.all(Array.from({ length: 5 }, (_, i) => store.create(org, `w${i}`, 'mk-a')));
      expect(created.map((record) => record.version).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('rewraps a version only while it is still wrapped by the expected master key', async () => {
      const org = randomUUID();
      await store.create(org, 'old', 'mk-a');
      expect(await store.rewrap(org, 1, 'stale', 'mk-c', 'mk-x')).toBe(false);
      expect(await store.rewrap(org, 1, 'new', 'mk-b', 'mk-a')).toBe(true);
      expect(await store.rewrap(org, 1, 'again', 'mk-c', 'mk-a')).toBe(false);
      expect(await store.rewrap(org, 2, 'none', 'mk-b', 'mk-a')).toBe(false);
      const record = await store.byVersion(org, 1);
      expect(record).toMatchObject({ wrappedKey: 'new', masterKeyId: 'mk-b' });
      expect(record?.rewrappedAt).toBeInstanceOf(Date);
    });

    it('lists keys of every organization not under a master key, in pages by (organization, version)', async () => {
      const current = `mk-${randomUUID()}`;
      const old = `mk-${randomUUID()}`;
      const orgs: string[] = [randomUUID(), randomUUID(), randomUUID()];
      for (const org of orgs) {
        await store.create(org, 'w1', old);
        await store.create(org, 'w2', current);
        await store.create(org, 'w3', old);
      }
      const seen: string[] = [];
      let after: { organizationId: string; version: number } | undefined;
      for (;;) {
        const page = await store.listWrappedByOther(current, { after, limit: 4 });
        seen.push(...page.filter((r) => orgs.includes(r.organizationId)).map((r) => `${r.organizationId}/${r.version}`));
        const last = page.at(-1);
        if (last === undefined || page.length < 4) break;
        after = { organizationId: last.organizationId, version: last.version };
      }
      const expected = [...orgs].sort().flatMap((org) => [`${org}/1`, `${org}/3`]);
      expect(seen).toEqual(expected);
    });
  });
}
