/** Entry point of the text-format readers (CSV/TSV, JSON, JSON Lines) for the reader factory. */
export { createCsvSource, type CsvSourceOptions } from './csv.js';
export { createJsonSource, type JsonSourceOptions } from './json.js';
