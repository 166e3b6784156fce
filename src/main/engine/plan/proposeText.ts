/** Text-side proposals: unicode, trim, case and alias operations, plus the normaliser that replays them. */
import type { ColumnProfile } from '../../../shared/profile.js';
import type { AliasOp, CaseOp, TrimOp, UnicodeOp } from '../../../shared/plan.js';
import { collapseWhitespace, fingerprintKey, ngramFingerprintKey, stripControlAndZeroWidth, titleCase } from '../formats/text.js';
import { findIssue } from '../profile/issues.js';

/** An operation before it gets its id. */
export type Draft<O> = O extends unknown ? Omit<O, 'id'> : never;

/** Share of the top values that must already share one case style before core/case is proposed. */
const CASE_DOMINANCE = 0.8;

/** Replays proposed unicode/trim/case steps on a value, so alias keys match the text those steps leave. */
export type Normaliser = (s: string) => string;

export interface TextDrafts {
  unicode?: Draft<UnicodeOp>;
  trim?: Draft<TrimOp>;
  case?: Draft<CaseOp>;
  alias?: Draft<AliasOp>;
  normalise: Normaliser;
  /** Alias mapping applied after `normalise` (for imputed modes). */
  canonical: (s: string) => string;
}

type CaseMode = CaseOp['params']['mode'];

function caseStyle(v: string): CaseMode | 'mixed' | null {
  const lower = v.toLowerCase();
  const upper = v.toUpperCase();
  if (lower === upper) return null;
  if (v === lower) return 'lower';
  if (v === upper) return 'upper';
  return titleCase(v) === v ? 'title' : 'mixed';
}

/** The case style most top values already use, when it is clearly dominant. */
export function dominantCase(c: ColumnProfile): { mode: CaseMode; share: number } | undefined {
  const w: Record<string, number> = { lower: 0, upper: 0, title: 0, mixed: 0 };
  let total = 0;
  for (const { value, count } of c.topValues) {
    const s = caseStyle(value.trim());
    if (s === null) continue;
    w[s] = (w[s] ?? 0) + count;
    total += count;
  }
  if (total === 0) return undefined;
  const modes: CaseMode[] = ['lower', 'upper', 'title'];
  let best: CaseMode = 'lower';
  for (const m of modes) if ((w[m] ?? 0) > (w[best] ?? 0)) best = m;
  const share = (w[best] ?? 0) / total;
  return share >= CASE_DOMINANCE ? { mode: best, share } : undefined;
}

function variantConfidence(variant: string, canonical: string): number {
  if (fingerprintKey(variant) === fingerprintKey(canonical)) return 0.95;
  if (ngramFingerprintKey(variant) === ngramFingerprintKey(canonical)) return 0.85;
  return 0.7;
}

/**
 * Proposes the text clean-up steps for one column, each only where the profile shows evidence
 * (trimming is cheap, but an operation without a cause is noise in the plan and the provenance).
 */
export function proposeText(c: ColumnProfile): TextDrafts {
  const out: TextDrafts = { normalise: (s) => s, canonical: (s) => s };
  const steps: Normaliser[] = [];
  const invisible = findIssue(c.issues, 'invisible-chars');
  const forms = findIssue(c.issues, 'unicode-forms');
  if (invisible !== undefined || forms !== undefined) {
    const stripControl = invisible !== undefined;
    out.unicode = {
      op: 'core/unicode', column: c.name, params: { form: 'NFC', stripControl },
      reason: [invisible, forms].filter(Boolean).join('; '),
    };
    steps.push((s) => (stripControl ? stripControlAndZeroWidth(s) : s).normalize('NFC'));
  }
  const edge = findIssue(c.issues, 'stray-whitespace');
  const inner = findIssue(c.issues, 'inner-whitespace');
  if (edge !== undefined || inner !== undefined) {
    // Collapsing would also join the lines of multi-line free text, so leave those columns' inner spacing.
    const lines = findIssue(c.issues, 'line-breaks');
    const collapse = inner !== undefined && !(c.inferred === 'text' && lines !== undefined);
    const why = [edge, inner].filter(Boolean).join('; ');
    out.trim = {
      op: 'core/trim', column: c.name, params: { collapse },
      reason: collapse || inner === undefined ? why : `${why}; inner spacing kept because ${lines}`,
    };
    steps.push(collapse ? (s) => collapseWhitespace(s.trim()) : (s) => s.trim());
  }
  const variants = findIssue(c.issues, 'case-variants');
  if (c.inferred === 'categorical' && variants !== undefined) {
    const dom = dominantCase(c);
    if (dom) {
      const mode = dom.mode;
      out.case = {
        op: 'core/case', column: c.name, params: { mode },
        reason: `${variants}; ${Math.round(dom.share * 100)}% of the most frequent values are already ${mode} case`,
      };
      steps.push(mode === 'lower' ? (s) => s.toLowerCase() : mode === 'upper' ? (s) => s.toUpperCase() : titleCase);
    }
  }
  const normalise: Normaliser = (s) => {
    let t = s;
    for (const f of steps) t = f(t);
    return t;
  };
  out.normalise = normalise;
  const alias = proposeAlias(c, normalise);
  if (alias) {
    out.alias = alias;
    const map = alias.params.mapping;
    out.canonical = (s) => {
      const t = normalise(s);
      return Object.hasOwn(map, t) ? (map[t] as string) : t;
    };
  } else out.canonical = normalise;
  return out;
}

const MARKS = /\p{M}+/gu;
const PUNCT = /[\p{P}\p{S}]+/gu;
const SPACES = /\s+/gu;

/** Like the fingerprint key but keeping word order ('Jim Melton, Andrew Eisenberg' differs from the reverse). */
function orderedKey(s: string): string {
  return s.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(PUNCT, '').replace(SPACES, ' ').trim();
}

/**
 * In free text only case, accents, punctuation and spacing may differ: a reordering ('Tao, Papadias'
 * vs 'Papadias, Tao') or a near spelling of a name or address is often another real value.
 */
function sameWords(a: string, b: string): boolean {
  const ka = orderedKey(a);
  const kb = orderedKey(b);
  return ka === kb || ka.replace(SPACES, '') === kb.replace(SPACES, '');
}

/**
 * Variant → canonical over the normalised text. A variant is mapped only when its canonical is
 * strictly more frequent (a tie is no evidence which spelling is right). Categorical columns take
 * every cluster; free text only variants with the same words in the same order.
 */
function proposeAlias(c: ColumnProfile, normalise: Normaliser): Draft<AliasOp> | undefined {
  if (!c.aliases || (c.inferred !== 'categorical' && c.inferred !== 'text')) return undefined;
  // Maps, not object literals: a value such as '__proto__' must stay an ordinary key.
  const mapping = new Map<string, string>();
  const confidence = new Map<string, number>();
  const targets = new Set<string>();
  const examples: string[] = [];
  let clusters = 0;
  let edit = false;
  for (const cl of c.aliases) {
    if (c.inferred === 'text' && cl.method === 'edit-distance') continue;
    const target = normalise(cl.canonical);
    if (mapping.has(target)) continue;
    let used = false;
    const top = cl.variants.find((v) => v.value === cl.canonical)?.count ?? 0;
    for (const v of cl.variants) {
      const k = normalise(v.value);
      if (k === target || mapping.has(k) || targets.has(k) || v.count >= top) continue;
      if (c.inferred === 'text' && !sameWords(k, target)) continue;
      mapping.set(k, target);
      confidence.set(k, variantConfidence(k, target));
      used = true;
      if (examples.length < 3) examples.push(`'${k}' → '${target}'`);
    }
    if (used) {
      targets.add(target);
      clusters++;
      if (cl.method === 'edit-distance') edit = true;
    }
  }
  const n = mapping.size;
  if (n === 0) return undefined;
  const how = edit ? 'key collision and small edit distance to a much more frequent value' : 'key collision (same words up to case, accents, punctuation and spacing)';
  return {
    op: 'core/alias', column: c.name, params: { mapping: Object.fromEntries(mapping), confidence: Object.fromEntries(confidence) },
    reason: `${n} spelling variant${n === 1 ? '' : 's'} in ${clusters} cluster${clusters === 1 ? '' : 's'} found by ${how}, e.g. ${examples.join(', ')}`,
  };
}
