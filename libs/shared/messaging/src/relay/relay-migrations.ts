import { type Migration } from '@weft/postgres';

/** The relay's checkpoint: the last log position whose event the bus has durably accepted. */
export const relayMigrations: readonly Migration[] = [
  {
    id: '202612012130_relay_checkpoints',
    up: `create table relay_checkpoints (
      name text primary key,
      transaction_id bigint not null,
      position bigint not null,
      published bigint not null default 0,
      updated_at timestamptz not null default now()
    )`,
    down: 'drop table relay_checkpoints',
  },
];
