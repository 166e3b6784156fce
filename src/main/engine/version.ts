/** The engine's version, recorded in reports and plans. */
export const ENGINE_VERSION = '0.1.0';
export const REPORT_VERSION = 1;
