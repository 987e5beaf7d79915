export { TenancyPortsModule, TenancyModule, type TenancyModuleOptions } from './tenancy.module.js';
export { type TenancyConfig, loadTenancyConfig } from './tenancy-config.js';
