/**
 * Rampart's library API: the findings model and the reporters. Engines are reached through the
 * CLI for now; grow this file deliberately.
 */
export * from './core/index.js';
export { renderReport, FORMATS } from './report/index.js';
export type { Format, RenderOptions } from './report/index.js';
