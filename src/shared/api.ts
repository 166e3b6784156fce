/** The typed API contract: one Handlers map and one events map, bound by IPC, HTTP and in-process callers alike. */
import type { SerializedError } from './errors.js';
import type { DedupeMode, Plan, PlanIssue } from './plan.js';
import type { DatasetProfile } from './profile.js';
import type { ProvenanceRecord, Report } from './report.js';
import type { ProgressEvent, RunPhase, RunRecord } from './run.js';

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx';
export type CleanOutputFormat = 'csv' | 'parquet' | 'jsonl';

/** Names a dataset on the machine running the API. `path` must be absolute. */
export interface DatasetRef {
  path: string;
  /** @default from the extension or content */
  format?: DatasetFormat;
  /** XLSX sheet name or 1-based index. @default 1 */
  sheet?: string | number;
}

export interface DatasetColumn {
  name: string;
  /** The reader's type: 'string' for text formats, the Parquet/DuckDB type otherwise. */
  type: string;
}

export interface DatasetInfo {
  path: string;
  format: DatasetFormat;
  bytes: number;
  /** Data rows (header excluded), malformed rows included. */
  rows: number;
  columns: DatasetColumn[];
  encoding?: string;
  delimiter?: string;
}

/** A grid cell as text; null for a missing or empty value. */
export type GridCell = string | null;

/** Narrows a page to the rows where one column has a value, or is empty (null or blank): the profile's click-through. */
export type RowFilter =
  | { column: string; match: 'value'; value: string }
  | { column: string; match: 'empty' };

export interface PageRequest extends DatasetRef {
  /** 0-based index of the first row (of the filtered rows, when filtered). */
  offset: number;
  /** Rows to return, 1–1000. */
  limit: number;
  filter?: RowFilter;
}

export interface DataPage {
  offset: number;
  /** Rows in the dataset, or matching the filter. */
  total: number;
  columns: string[];
  /** 1-based data row numbers, one per row. */
  rowNumbers: number[];
  rows: GridCell[][];
}

export interface ProfileRequest extends DatasetRef {
  salt?: string;
  /** Duplicate detection in the proposed plan. @default 'near' */
  dedupe?: DedupeMode;
  /** Rows in the deterministic sample. @default the engine's (20000) */
  sampleSize?: number;
}

export interface JobStarted {
  jobId: string;
}

export interface CleanRequest extends DatasetRef {
  /** Absolute path of an existing folder; every output lands in it. */
  outDir: string;
  /** Cleaned file name, no folders: 'customers.cleaned.parquet'. Artifacts are named after its stem. */
  name: string;
  /** @default from the extension of `name` */
  outputFormat?: CleanOutputFormat;
  /** @default the plan proposed by pass 1 */
  plan?: Plan;
  salt?: string;
  dedupe?: DedupeMode;
  /** Replace outputs that exist. @default false */
  force?: boolean;
  /**
   * Dedupe against earlier runs of this dataset in the active catalog (with a team profile, the team's
   * data), and record this run's rows under it for later runs. @default none
   */
  against?: string;
}

export interface CleanStarted extends JobStarted {
  runId: string;
  /** Absolute path of the cleaned output. */
  out: string;
}

export type JobKind = 'profile' | 'clean';
export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ProfileOutcome {
  kind: 'profile';
  profile: DatasetProfile;
  plan: Plan;
  columns: string[];
}

export interface CleanOutcome {
  kind: 'clean';
  runId: string;
  report: Report;
  plan: Plan;
}

export type JobOutcome = ProfileOutcome | CleanOutcome;

export interface JobStatus {
  id: string;
  kind: JobKind;
  state: JobState;
  input: string;
  /** Catalog run id (clean jobs). */
  runId: string | null;
  /** Latest progress of each phase seen so far, in arrival order: progress per pass. */
  phases: { phase: RunPhase; progress: ProgressEvent }[];
  startedAt: string;
  finishedAt: string | null;
  error: SerializedError | null;
  outcome: JobOutcome | null;
}

export interface JobRef {
  jobId: string;
}

export interface PlanValidateRequest {
  /** Any JSON: parsing is lenient, validation strict. */
  plan: unknown;
  /** Columns of the dataset the plan will run on. */
  columns: string[];
}

export interface PlanValidation {
  /** The parsed plan, or null when it could not be parsed at all. */
  plan: Plan | null;
  issues: PlanIssue[];
}

export interface PlanSaveRequest {
  plan: Plan;
  /** Absolute path ending in .json; its folder must exist. */
  path: string;
  overwrite?: boolean;
}

export interface PlanLoadRequest {
  path: string;
  /** When given, the plan is also validated against these columns. */
  columns?: string[];
}

export interface RunRef {
  runId: string;
}

export interface DiffRequest extends RunRef {
  offset: number;
  limit: number;
  /** Only rows with a provenance record on this column. */
  column?: string;
  /** Only rows touched by this operation id. */
  opId?: string;
  kind?: ProvenanceRecord['kind'];
}

export type DiffRowStatus = 'changed' | 'flagged' | 'duplicate' | 'quarantined';

export interface DiffRow {
  row: number;
  status: DiffRowStatus;
  /** The input row as read, one cell per `DiffPage.columns`. */
  original: GridCell[];
  /** The row after every cell change (removed rows keep their last values). */
  cleaned: GridCell[];
  /** Every provenance record of the row, in the order the engine wrote them. */
  changes: ProvenanceRecord[];
}

export interface DiffPage {
  offset: number;
  /** Rows matching the filter. */
  total: number;
  columns: string[];
  rows: DiffRow[];
}

export interface DiffFacets {
  columns: { name: string; count: number }[];
  operations: { opId: string; operation: string; count: number }[];
  kinds: { kind: ProvenanceRecord['kind']; count: number }[];
}

export interface PageRef extends RunRef {
  offset: number;
  limit: number;
}

export interface DuplicateMember {
  row: number;
  kept: boolean;
  /** Similarity to the survivor, 0–1 (1 for the survivor). */
  similarity: number;
  /** The input row as read, one cell per `columns`. */
  values: GridCell[];
  /** The row after its cell changes (what the comparison saw), one cell per `columns`. */
  cleaned: GridCell[];
  /**
   * Per column: Jaro–Winkler similarity of this member's normalised cleaned value to the survivor's, 0–1;
   * null where the column is not compared or either value is missing. All null for the survivor.
   */
  fieldSimilarity: (number | null)[];
}

export interface DuplicateCluster {
  cluster: string;
  survivor: number;
  /** Lowest member similarity: the confidence of the cluster as a whole. */
  minSimilarity: number;
  /**
   * Lowest member's mean Jaro–Winkler agreement with the survivor over the compared columns (lower-cased, trimmed
   * input values), 0–1; ranks clusters whose match scores tie. null when nothing could be compared.
   */
  fieldAgreement: number | null;
  members: DuplicateMember[];
}

export interface DuplicatesRequest extends PageRef {
  /** 'doubtful' lists the least confident clusters first (by similarity, then field agreement). @default 'doubtful' */
  order?: 'doubtful' | 'confident';
}

export interface DuplicatePage {
  offset: number;
  total: number;
  columns: string[];
  /** Columns the duplicate key compares (the plan's dedupe columns, or every column). */
  compared: string[];
  /** sha256 of the run's input: decisions made on these rows name it (DedupeConfig.decisionsInput). */
  inputSha256: string;
  clusters: DuplicateCluster[];
}

/** A pair the run left for a person: scored near the threshold, or split by clustering. */
export interface ReviewPairView {
  rowA: number;
  rowB: number;
  probability: number;
  reason: 'review-band' | 'split' | 'low-information';
  /** Cleaned values of both rows, one cell per `columns`. */
  a: GridCell[];
  b: GridCell[];
  /** Per column: the model's field similarity where the run compared it, else null. */
  fieldSimilarity: (number | null)[];
}

export interface ReviewPairs {
  columns: string[];
  /** Pairs waiting for a decision in the whole run (only the most likely are listed). */
  total: number;
  pairs: ReviewPairView[];
}

export interface AuditRequest extends PageRef {
  event?: string;
}

/** One audit log line as written: seq, prev, at, runId, event, then event fields. */
export type AuditEntryView = { seq: number; prev: string; at: string; runId: string; event: string } & Record<string, unknown>;

export interface AuditPage {
  offset: number;
  total: number;
  entries: AuditEntryView[];
}

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; line: number; error: string };

export interface ExportRequest extends RunRef {
  /** Absolute path of an existing folder. */
  folder: string;
  /**
   * Artifact keys from the run ('cleaned', 'report', 'reportHtml', 'audit', 'provenance', …). @default every file
   * artifact, plus the HTML report (rendered from report.json when the run did not write one)
   */
  artifacts?: string[];
  overwrite?: boolean;
}

export interface ExportResult {
  files: string[];
}

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  version: number;
  theme: Theme;
  /** Default folder for cleaned outputs; null means beside the input. */
  outputDir: string | null;
  /** Worker threads for the engine; null means one per core. */
  workers: number | null;
  /** Most recently opened inputs, newest first. */
  recentFiles: string[];
}

export type SettingsPatch = Partial<Pick<Settings, 'theme' | 'outputDir' | 'workers'>>;

export interface AppInfo {
  version: string;
  platform: string;
  /** Where the catalog and settings live. */
  dataDir: string;
  homeDir: string;
  /** Cores the engine would use with no worker setting (os.availableParallelism). */
  cores: number;
}

/** A stored secret as the Connections screen sees it: where it comes from, never its value. */
export type SecretState = { kind: 'none' } | { kind: 'env'; name: string } | { kind: 'stored' };

/**
 * A secret as the Connections screen sends it: keep the stored one, a new value (encrypted with the OS
 * keychain before it is written; refused where there is none), an environment variable's name, or none.
 */
export type SecretInput = { keep: true } | { value: string } | { env: string } | null;

export interface ConnectionProfileView {
  name: string;
  postgres: { url: string; schema: string | null; password: SecretState; statementTimeoutMs: number | null } | null;
  workspace: string | null;
  s3: { endpoint: string | null; region: string | null; forcePathStyle: boolean; bucket: string | null; accessKeyId: SecretState; secretAccessKey: SecretState } | null;
  milvus: { address: string; token: SecretState } | null;
}

export interface ConnectionProfileInput {
  name: string;
  /** The URL carries no password: that goes in `password`. */
  postgres: { url: string; schema?: string; password: SecretInput; statementTimeoutMs?: number } | null;
  workspace?: string | null;
  s3: { endpoint?: string; region?: string; forcePathStyle?: boolean; bucket?: string; accessKeyId: SecretInput; secretAccessKey: SecretInput } | null;
  milvus: { address: string; token: SecretInput } | null;
}

export interface ConnectionsState {
  /** The profiles file (0600). */
  path: string;
  /** The profile history, audit log and "dedupe against team data" use; null: the local catalog. */
  active: string | null;
  /** What the active profile's catalog is, for the UI: `SQLite <path>` or the Postgres URL and workspace (no password). */
  catalog: string;
  profiles: ConnectionProfileView[];
  /** 'keychain': secrets typed here are encrypted with the OS keychain; 'unavailable': only environment variables. */
  secretStorage: 'keychain' | 'unavailable';
}

export interface ConnectionCheckView {
  service: 'catalog' | 's3' | 'milvus';
  status: 'ok' | 'failed' | 'not configured';
  /** What was found or why it failed; never a secret. */
  detail: string;
  ms: number;
}

/** Every API call: one argument in, one promise out. */
export interface Handlers {
  'app.info': (arg: void) => Promise<AppInfo>;
  'dataset.info': (arg: DatasetRef) => Promise<DatasetInfo>;
  'dataset.page': (arg: PageRequest) => Promise<DataPage>;
  'profile.start': (arg: ProfileRequest) => Promise<JobStarted>;
  'plan.validate': (arg: PlanValidateRequest) => Promise<PlanValidation>;
  'plan.save': (arg: PlanSaveRequest) => Promise<{ path: string }>;
  'plan.load': (arg: PlanLoadRequest) => Promise<PlanValidation>;
  'clean.start': (arg: CleanRequest) => Promise<CleanStarted>;
  'job.status': (arg: JobRef) => Promise<JobStatus>;
  'job.cancel': (arg: JobRef) => Promise<{ cancelled: boolean }>;
  'job.list': (arg: void) => Promise<JobStatus[]>;
  'runs.list': (arg: { limit?: number }) => Promise<RunRecord[]>;
  'runs.get': (arg: RunRef) => Promise<RunRecord>;
  'run.report': (arg: RunRef) => Promise<Report>;
  'run.diff': (arg: DiffRequest) => Promise<DiffPage>;
  'run.diffFacets': (arg: RunRef) => Promise<DiffFacets>;
  'run.duplicates': (arg: DuplicatesRequest) => Promise<DuplicatePage>;
  'run.reviewPairs': (arg: RunRef) => Promise<ReviewPairs>;
  'run.export': (arg: ExportRequest) => Promise<ExportResult>;
  'audit.entries': (arg: AuditRequest) => Promise<AuditPage>;
  'audit.verify': (arg: RunRef) => Promise<AuditVerification>;
  'settings.get': (arg: void) => Promise<Settings>;
  'settings.set': (arg: SettingsPatch) => Promise<Settings>;
  'connections.list': (arg: void) => Promise<ConnectionsState>;
  'connections.save': (arg: ConnectionProfileInput) => Promise<ConnectionsState>;
  'connections.delete': (arg: { name: string }) => Promise<ConnectionsState>;
  'connections.test': (arg: { name: string }) => Promise<ConnectionCheckView[]>;
  /** Switches history, audit log and clean runs to a profile's backends; null returns to the local catalog. */
  'connections.use': (arg: { name: string | null }) => Promise<ConnectionsState>;
}

export type Method = keyof Handlers;
export type ArgOf<K extends Method> = Parameters<Handlers[K]>[0];
export type ResultOf<K extends Method> = Awaited<ReturnType<Handlers[K]>>;

/** Subscriptions: payload per event name. */
export interface ApiEvents {
  'job.progress': { jobId: string; kind: JobKind; progress: ProgressEvent };
  'job.finished': JobStatus;
}

export type EventName = keyof ApiEvents;
export type Unsubscribe = () => void;

/** What crosses a transport: errors travel as data so their code survives IPC and HTTP. */
export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** Desktop-only helpers the preload adds; absent in a browser. */
export interface DesktopBridge {
  /** The file-system path of a dropped file. */
  pathForFile(file: File): string;
  /** Native open dialog; null when dismissed. */
  chooseFile(): Promise<string | null>;
  chooseFolder(): Promise<string | null>;
}

/** The one client shape the renderer sees, whether the preload or the HTTP server provides it. */
export interface ApiBridge {
  readonly transport: 'ipc' | 'http' | 'in-process';
  invoke<K extends Method>(method: K, arg: ArgOf<K>): Promise<ApiResponse<ResultOf<K>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
  readonly desktop?: DesktopBridge;
  /**
   * Served UI only (a browser has no file paths): sends a chosen or dropped file to the server, which keeps it in its
   * data folder; resolves to the path to open.
   */
  upload?(file: File): Promise<ApiResponse<{ path: string }>>;
}
