import { describeTenantIsolation, startDistributed } from '@weft/testing';

// The same walk through the distributed gateway: the edge check, the forwarding and each
// service's own check together must keep every tenant apart.
describeTenantIsolation('distributed, through the gateway', ({ databaseUrl }) => startDistributed({ databaseUrl }));
