/** The OpenAPI 3.1 description of the served API, generated from one table that must name every method. */
import type { Method } from '../../shared/api.js';
import { ERROR_CODES } from '../../shared/errors.js';

type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'string|integer' | 'string|null' | 'integer|null';

interface MethodDoc {
  summary: string;
  /** name → [type, description, required] */
  params: Record<string, [ParamType, string, boolean?]>;
  returns: string;
}

const ref: MethodDoc['params'] = {
  path: ['string', 'Absolute path of the dataset on the server machine.', true],
  format: ['string', 'csv | tsv | json | jsonl | parquet | xlsx (default: detected).'],
  sheet: ['string|integer', 'XLSX sheet name or 1-based index.'],
};
const page = {
  offset: ['integer', '0-based index of the first item.', true],
  limit: ['integer', 'Items to return, 1–1000.', true],
} satisfies MethodDoc['params'];
const run: MethodDoc['params'] = { runId: ['string', 'Run id from the catalog.', true] };

export const METHOD_DOCS: Record<Method, MethodDoc> = {
  'app.info': { summary: 'Server version, platform and data folder.', params: {}, returns: '{ version, platform, dataDir, homeDir, cores }' },
  'dataset.info': { summary: 'Open a dataset: format, columns and row count.', params: ref, returns: 'DatasetInfo { path, format, bytes, rows, columns[{name,type}], encoding?, delimiter? }' },
  'dataset.page': {
    summary: 'One page of rows, read by DuckDB; the file is never sent whole. A filter narrows it to rows where a column has a value or is empty.',
    params: { ...ref, ...page, filter: ['object', '{ column, match: "value", value } or { column, match: "empty" } (null or blank).'] },
    returns: 'DataPage { offset, total, columns, rowNumbers, rows }',
  },
  'profile.start': {
    summary: 'Start pass 1 (profile + proposed plan) as a job.',
    params: { ...ref, salt: ['string', 'Salt for the deterministic sample.'], dedupe: ['string', 'near | exact | off.'], sampleSize: ['integer', 'Rows in the sample.'] },
    returns: '{ jobId }; the outcome arrives in job.finished / job.status',
  },
  'plan.validate': { summary: 'Parse and validate a plan against columns.', params: { plan: ['object', 'Plan JSON.', true], columns: ['array', 'Column names.', true] }, returns: '{ plan | null, issues[] }' },
  'plan.save': { summary: 'Write a plan as JSON to a path on the server.', params: { plan: ['object', 'Plan JSON.', true], path: ['string', 'Absolute .json path in an existing folder.', true], overwrite: ['boolean', 'Replace an existing file.'] }, returns: '{ path }' },
  'plan.load': { summary: 'Read and validate a plan file.', params: { path: ['string', 'Absolute path.', true], columns: ['array', 'Validate against these columns.'] }, returns: '{ plan | null, issues[] }' },
  'clean.start': {
    summary: 'Start a two-pass clean as a job; outputs and artifacts land in outDir.',
    params: {
      ...ref, outDir: ['string', 'Absolute path of an existing folder.', true], name: ['string', 'Output file name (.csv, .parquet or .jsonl).', true],
      outputFormat: ['string', 'csv | parquet | jsonl (default: from the name).'], plan: ['object', 'Plan to apply (default: proposed).'],
      salt: ['string', 'Salt.'], dedupe: ['string', 'near | exact | off.'], force: ['boolean', 'Overwrite existing outputs.'],
      against: ['string', 'Dataset to dedupe against (earlier runs in the active catalog; the team\'s with a team profile) and record this run under.'],
    },
    returns: '{ jobId, runId, out }',
  },
  'job.status': { summary: 'A job\'s state, progress per phase and outcome.', params: { jobId: ['string', 'Job id.', true] }, returns: 'JobStatus' },
  'job.cancel': { summary: 'Cancel a running job.', params: { jobId: ['string', 'Job id.', true] }, returns: '{ cancelled }' },
  'job.list': { summary: 'Jobs of this process (outcomes omitted).', params: {}, returns: 'JobStatus[]' },
  'runs.list': { summary: 'Runs recorded in the catalog, newest first.', params: { limit: ['integer', 'At most this many (default 50).'] }, returns: 'RunRecord[]' },
  'runs.get': { summary: 'One run from the catalog.', params: run, returns: 'RunRecord' },
  'run.report': { summary: 'The run\'s report.json (row counts satisfy in = out + duplicates + quarantined).', params: run, returns: 'Report' },
  'run.diff': {
    summary: 'Original vs cleaned rows with their provenance, one page at a time.',
    params: { ...run, ...page, column: ['string', 'Only rows changed in this column.'], opId: ['string', 'Only rows touched by this operation id.'], kind: ['string', 'cell | flag | duplicate | quarantine.'] },
    returns: 'DiffPage { offset, total, columns, rows[{ row, status, original, cleaned, changes[] }] }',
  },
  'run.diffFacets': { summary: 'Counts of provenance records by column, operation and kind (filters for run.diff).', params: run, returns: 'DiffFacets' },
  'run.duplicates': {
    summary: 'Duplicate clusters with member rows (original and cleaned), confidence scores and per-field similarity.',
    params: { ...run, ...page, order: ['string', 'doubtful (default: least confident first) | confident.'] },
    returns: 'DuplicatePage { offset, total, columns, compared, inputSha256, clusters[{ cluster, survivor, minSimilarity, members[] }] }',
  },
  'run.reviewPairs': { summary: 'Pairs the run left for a person to decide (near the threshold, or split by clustering).', params: run, returns: 'ReviewPairs { columns, total, pairs[] }' },
  'run.export': {
    summary: 'Copy run artifacts to a folder on the server.',
    params: { ...run, folder: ['string', 'Absolute path of an existing folder.', true], artifacts: ['array', 'Artifact keys (default: every file, plus the HTML report, rendered if the run wrote none).'], overwrite: ['boolean', 'Replace existing files.'] },
    returns: '{ files[] }',
  },
  'audit.entries': { summary: 'Audit log entries of a run.', params: { ...run, ...page, event: ['string', 'Only this event name.'] }, returns: 'AuditPage' },
  'audit.verify': { summary: 'Verify the audit log\'s hash chain.', params: run, returns: '{ ok, entries, head } | { ok: false, entries, line, error }' },
  'connections.list': { summary: 'Connection profiles (no secrets: only whether each is set, and how), the active one and its catalog.', params: {}, returns: 'ConnectionsState { path, active, catalog, secretStorage, profiles[] }' },
  'connections.save': {
    summary: 'Create or replace a profile. Secrets are {keep: true}, {env: "NAME"} or {value} (encrypted with the OS keychain; refused without one).',
    params: { name: ['string', 'Profile name.', true], postgres: ['object', '{ url (no password), schema?, password, statementTimeoutMs? } or null.', true], workspace: ['string|null', 'Team workspace.'], s3: ['object', '{ endpoint?, region?, forcePathStyle?, bucket?, accessKeyId, secretAccessKey } or null.', true], milvus: ['object', '{ address, token } or null.', true] },
    returns: 'ConnectionsState',
  },
  'connections.delete': { summary: 'Remove a profile (the app returns to the local catalog if it was active).', params: { name: ['string', 'Profile name.', true] }, returns: 'ConnectionsState' },
  'connections.test': { summary: 'Connect to each backend of a profile without changing anything.', params: { name: ['string', 'Profile name.', true] }, returns: '[{ service, status, detail, ms }]' },
  'connections.use': { summary: 'Switch history, audit log and clean runs to a profile\'s backends (null: the local catalog).', params: { name: ['string|null', 'Profile name, or null.', true] }, returns: 'ConnectionsState' },
  'settings.get': { summary: 'User settings.', params: {}, returns: 'Settings' },
  'settings.set': {
    summary: 'Change settings.',
    params: { theme: ['string', 'system | light | dark.'], outputDir: ['string|null', 'Default output folder.'], workers: ['integer|null', 'Worker threads (null: one per core).'] },
    returns: 'Settings',
  },
};

function schemaOf(t: ParamType): Record<string, unknown> {
  if (t === 'string|integer') return { type: ['string', 'integer'] };
  if (t === 'string|null') return { type: ['string', 'null'] };
  if (t === 'integer|null') return { type: ['integer', 'null'] };
  if (t === 'array') return { type: 'array', items: { type: 'string' } };
  return { type: t };
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string', enum: [...Object.keys(ERROR_CODES), 'UNAUTHORIZED', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'] }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [method, doc] of Object.entries(METHOD_DOCS) as [Method, MethodDoc][]) {
    const required = Object.entries(doc.params).filter(([, p]) => p[2]).map(([k]) => k);
    paths[`/api/${method}`] = {
      post: {
        operationId: method.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()),
        summary: doc.summary,
        security: [{ bearer: [] }],
        requestBody: {
          required: required.length > 0,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(Object.entries(doc.params).map(([k, [t, d]]) => [k, { ...schemaOf(t), description: d }])),
                ...(required.length ? { required } : {}),
              },
            },
          },
        },
        responses: {
          200: { description: doc.returns, content: { 'application/json': { schema: { type: 'object' } } } },
          default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
        },
      },
    };
  }
  paths['/api/events'] = {
    get: {
      summary: 'Server-sent events: job.progress and job.finished. EventSource cannot send headers, so ?token= is accepted here.',
      parameters: [
        { name: 'token', in: 'query', schema: { type: 'string' } },
        { name: 'events', in: 'query', description: 'Comma-separated event names (default: all).', schema: { type: 'string' } },
      ],
      security: [{ bearer: [] }, { queryToken: [] }],
      responses: { 200: { description: 'text/event-stream' } },
    },
  };
  paths['/api/runs/{runId}/artifacts/{artifact}'] = {
    get: {
      summary: 'Download a run artifact (cleaned, report, audit, provenance, quarantine, duplicates, plan).',
      parameters: [
        { name: 'runId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'artifact', in: 'path', required: true, schema: { type: 'string' } },
      ],
      security: [{ bearer: [] }, { queryToken: [] }],
      responses: { 200: { description: 'The file' }, 404: { description: 'No such run or artifact' } },
    },
  };
  paths['/api/upload'] = {
    put: {
      summary: 'Upload a table (the raw file as the body); it is kept in the data folder and opened by the returned path.',
      parameters: [{ name: 'name', in: 'query', required: true, description: 'File name with a table extension (.csv, .tsv, .xlsx, .json, .jsonl, .parquet, …).', schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      security: [{ bearer: [] }],
      responses: { 201: { description: '{ path }: pass it to dataset.info, profile.start or clean.start' }, 400: { description: 'Bad name' }, 413: { description: 'Too large' }, 422: { description: 'Not a table extension, or empty' } },
    },
  };
  paths['/health'] = { get: { summary: 'Liveness; no token needed.', responses: { 200: { description: '{ status: "ok", version }' } } } };
  paths['/metrics'] = { get: { summary: 'Prometheus metrics.', security: [{ bearer: [] }], responses: { 200: { description: 'text/plain; version=0.0.4' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Data Sanitizer API', version, description: 'Every method is POST /api/<method> with one JSON object; errors are { error: { code, message, details? } }.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        queryToken: { type: 'apiKey', in: 'query', name: 'token' },
      },
    },
    paths,
  };
}
