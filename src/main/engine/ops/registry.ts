/** The operation registry: op name → module, plus an exhaustive prepare over the Operation union. */
import type { OpName, Operation, PlanIssue } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import { aliasOp } from './alias.js';
import { caseOp } from './case.js';
import { emailOp } from './email.js';
import { hashOp, type PrepareContext } from './hash.js';
import { imputeOp } from './impute.js';
import { maskOp } from './mask.js';
import { nullifyOp } from './nullify.js';
import { outlierOp } from './outlier.js';
import { parseBooleanOp } from './parseBoolean.js';
import { parseDateOp } from './parseDate.js';
import { parseNumberOp } from './parseNumber.js';
import { phoneOp } from './phone.js';
import { ruleOp } from './rule.js';
import { trimOp } from './trim.js';
import type { OpModule, PreparedOp } from './types.js';
import { unicodeOp } from './unicode.js';

type ModuleMap = { readonly [K in OpName]: OpModule<Extract<Operation, { op: K }>> };

/** Every operation module by its full name. The mapped type makes a missing module a type error. */
export const OP_MODULES: ModuleMap = {
  'core/trim': trimOp,
  'core/unicode': unicodeOp,
  'core/nullify': nullifyOp,
  'core/case': caseOp,
  'core/alias': aliasOp,
  'core/parse-number': parseNumberOp,
  'core/parse-date': parseDateOp,
  'core/parse-boolean': parseBooleanOp,
  'core/email': emailOp,
  'core/phone': phoneOp,
  'core/impute': imputeOp,
  'core/outlier': outlierOp,
  'core/rule': ruleOp,
  'core/mask': maskOp,
  'core/hash': hashOp,
};

export const OP_NAMES = Object.keys(OP_MODULES) as OpName[];

/** 'trim' → 'core/trim'; names that already have a namespace are returned unchanged. */
export function normalizeOpName(name: string): string {
  return name.includes('/') ? name : `core/${name}`;
}

export function isOpName(name: string): name is OpName {
  return Object.hasOwn(OP_MODULES, name);
}

/** The module for a name, with or without the 'core/' prefix; undefined for unknown names. */
export function getOpModule(name: string): OpModule | undefined {
  const full = normalizeOpName(name);
  return isOpName(full) ? (OP_MODULES[full] as OpModule) : undefined;
}

function moduleOf(op: Operation): OpModule {
  const m = getOpModule(op.op);
  if (!m) throw new EngineError('INVALID_PLAN', `unknown operation ${JSON.stringify(op.op)}`);
  return m;
}

export type { PrepareContext } from './hash.js';

/**
 * Compiles an operation for one run; `ctx` carries what some operations need from the plan (the
 * salt that keys core/hash). The switch is exhaustive: a new union member without a case fails to type-check.
 */
export function prepareOperation(op: Operation, ctx?: PrepareContext): PreparedOp {
  switch (op.op) {
    case 'core/trim': return trimOp.prepare(op);
    case 'core/unicode': return unicodeOp.prepare(op);
    case 'core/nullify': return nullifyOp.prepare(op);
    case 'core/case': return caseOp.prepare(op);
    case 'core/alias': return aliasOp.prepare(op);
    case 'core/parse-number': return parseNumberOp.prepare(op);
    case 'core/parse-date': return parseDateOp.prepare(op);
    case 'core/parse-boolean': return parseBooleanOp.prepare(op);
    case 'core/email': return emailOp.prepare(op);
    case 'core/phone': return phoneOp.prepare(op);
    case 'core/impute': return imputeOp.prepare(op);
    case 'core/outlier': return outlierOp.prepare(op);
    case 'core/rule': return ruleOp.prepare(op);
    case 'core/mask': return maskOp.prepare(op);
    case 'core/hash': return hashOp.prepare(op, ctx);
    default: {
      const unknownOp: never = op;
      throw new EngineError('INVALID_PLAN', `unknown operation ${JSON.stringify((unknownOp as { op?: unknown }).op)}`);
    }
  }
}

/** Strict checks for one operation at `index`; an unknown op name is itself an issue. */
export function validateOperation(op: Operation, columns: readonly string[], index: number): PlanIssue[] {
  const m = getOpModule(String(op.op));
  if (!m) {
    const issue: PlanIssue = { index, path: `operations[${index}].op`, message: `unknown operation ${JSON.stringify(op.op)}; known: ${OP_NAMES.join(', ')}` };
    if (typeof op.id === 'string') issue.opId = op.id;
    return [issue];
  }
  return m.validate(op, columns, index);
}

export function describeOperation(op: Operation): string {
  return moduleOf(op).describe(op);
}

export function operationReads(op: Operation): string[] {
  return moduleOf(op).reads(op);
}

export function operationWrites(op: Operation): string[] {
  return moduleOf(op).writes(op);
}

export function renameOperation(op: Operation, from: string, to: string): Operation {
  return moduleOf(op).rename(op, from, to);
}
