/** Renders the HTML report of an existing report.json, finding its plan and audit log beside it or where the run wrote them. */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Plan } from '../../../shared/plan.js';
import type { Report } from '../../../shared/report.js';
import { verifyAuditLog } from '../audit/auditLog.js';
import { EngineError } from '../errors.js';
import { parsePlan } from '../plan/parse.js';
import { readAuditHead } from './auditHead.js';
import { renderReportHtml } from './html.js';

export interface RenderedReport {
  report: Report;
  html: string;
  /** The files the page was built from (null when not found). */
  plan: string | null;
  audit: string | null;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() === true;
}

/** The artifact where the run wrote it, else a file of the same name beside the report (an exported bundle). */
async function locate(recorded: string | undefined, reportPath: string): Promise<string | null> {
  if (!recorded) return null;
  if (await isFile(resolve(recorded))) return resolve(recorded);
  const sibling = join(dirname(resolve(reportPath)), basename(recorded));
  return (await isFile(sibling)) ? sibling : null;
}

function looksLikeReport(v: unknown): v is Report {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<Report>;
  return typeof r.runId === 'string' && typeof r.rows === 'object' && r.rows !== null && Array.isArray(r.columns)
    && Array.isArray(r.operations) && typeof r.input === 'object' && r.input !== null && typeof r.duplicates === 'object';
}

export async function parseReportJson(text: string, path: string): Promise<Report> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EngineError('BAD_INPUT', `not valid JSON: ${(err as Error).message}`, { location: { file: path } });
  }
  if (!looksLikeReport(json)) throw new EngineError('BAD_INPUT', 'not a Data Sanitizer report (runId, rows, columns, operations are missing)', { location: { file: path } });
  return json;
}

async function loadPlan(path: string | null): Promise<Plan | null> {
  if (!path) return null;
  try {
    const { plan, issues } = parsePlan(JSON.parse(await readFile(path, 'utf8')), path);
    return issues.length ? null : plan;
  } catch {
    // A missing or unreadable plan only costs the descriptions; the report still renders.
    return null;
  }
}

export async function renderReportFile(reportPath: string): Promise<RenderedReport> {
  let text: string;
  try {
    text = await readFile(reportPath, 'utf8');
  } catch (err) {
    throw new EngineError('NOT_FOUND', `cannot read report ${reportPath}: ${(err as Error).message}`, { location: { file: reportPath } });
  }
  const report = await parseReportJson(text, reportPath);
  const outputs = report.outputs ?? {};
  const [planPath, auditPath] = await Promise.all([locate(outputs['plan'], reportPath), locate(outputs['audit'], reportPath)]);
  const plan = await loadPlan(planPath);
  let auditHead: string | null = null;
  let auditVerified: boolean | undefined;
  if (auditPath) {
    auditHead = await readAuditHead(auditPath, report.runId);
    auditVerified = (await verifyAuditLog(auditPath)).ok;
  }
  const html = renderReportHtml(report, { auditHead, plan, ...(auditVerified !== undefined ? { auditVerified } : {}) });
  return { report, html, plan: planPath, audit: auditPath };
}
