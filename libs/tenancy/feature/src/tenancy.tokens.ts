/** Injection token of the `TenancyConfig`. */
export const TENANCY_CONFIG = Symbol('TenancyConfig');
