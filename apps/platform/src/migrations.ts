import { type Migration } from '@weft/postgres';

/** Every library's migrations, applied together in id order at start-up. */
export const platformMigrations: readonly Migration[] = [];
