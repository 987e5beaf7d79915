import { describeTenantIsolation, startPlatform } from '@weft/testing';

describeTenantIsolation('embedded platform', ({ databaseUrl, dataDir }) => startPlatform({ env: { DATABASE_URL: databaseUrl, WEFT_DATA_DIR: dataDir } }));
