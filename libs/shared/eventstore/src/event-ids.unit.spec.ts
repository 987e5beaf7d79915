import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '@weft/kernel';
import { nativeDeterministicEventId } from './event-ids.js';

describe('nativeDeterministicEventId', () => {
  it("gives the kernel's ids: random command ids, every index up to 20, long and non-ASCII names", () => {
    const commandIds = [...Array.from({ length: 200 }, () => randomUUID()), 'cmd-1', 'x'.repeat(300), 'commande/é/ü/😀', ''];
    for (const commandId of commandIds)
      for (let index = 0; index <= 20; index++) expect(nativeDeterministicEventId(commandId, index)).toBe(deterministicEventId(commandId, index));
  });
});
