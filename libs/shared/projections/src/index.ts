export * from './projection.js';
export { projectionMigrations } from './migrations.js';
export { Projector, type ProjectorOptions } from './projector.js';
export { type Delivery, type DeliveryOutcome } from './delivered.js';
export { type DeliveredBatchOutcome, type DeliveredEvent } from './delivered-batch.js';
export { rebuildProjection, type RebuildOptions, type RebuildReport } from './rebuild.js';
export { tableChecksum, type ChecksumOptions, type TableChecksum } from './checksum.js';
export * from './watermarks.js';
