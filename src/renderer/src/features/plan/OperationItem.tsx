/**
 * One plan operation: enable toggle, reason, reorder and delete, with its validation issues inline. Alias tables and
 * imputation/outlier policies are edited in place; every operation's parameters can also be edited as JSON.
 */
import { useState } from 'react';
import type { Operation, PlanIssue } from '../../../../shared/plan.js';
import type { ColumnProfile } from '../../../../shared/profile.js';
import { AliasTable } from './AliasTable.js';
import { ImputeEditor, OutlierEditor } from './PolicyEditor.js';
import { parseJsonObject } from './planEdit.js';

interface Props {
  op: Operation;
  index: number;
  count: number;
  issues: PlanIssue[];
  /** The profile of the operation's column, when the plan was proposed from one. */
  column?: ColumnProfile | undefined;
  onToggle(): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  onParams(params: Record<string, unknown>): void;
}

/** Operations with a form of their own instead of the one-line JSON. */
function structured(op: Operation): boolean {
  return op.op === 'core/alias' || op.op === 'core/impute' || op.op === 'core/outlier';
}

export function OperationItem({ op, index, count, issues, column, onToggle, onMove, onRemove, onParams }: Props) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const enabled = op.enabled !== false;
  const label = `${op.op} on ${op.column}`;
  const startEdit = () => {
    setText(JSON.stringify(op.params, null, 2));
    setParseError(null);
    setEditing(true);
  };
  const apply = () => {
    const r = parseJsonObject(text);
    if ('error' in r) {
      setParseError(`Parameters are not a valid JSON object: ${r.error}`);
      return;
    }
    onParams(r.value);
    setEditing(false);
  };

  return (
    <li className={`op${enabled ? '' : ' op-disabled'}${issues.length ? ' op-invalid' : ''}`} aria-label={`Operation ${index + 1}: ${label}`}>
      <div className="op-main">
        <label className="switch" title={enabled ? 'Enabled' : 'Disabled'}>
          <input type="checkbox" checked={enabled} onChange={onToggle} aria-label={`Enable ${label}`} />
          <span className="op-index">{index + 1}</span>
        </label>
        <div className="op-text">
          <div className="op-title">
            <code className="op-name">{op.op}</code>
            <span className="op-column" title="column">{op.column}</span>
          </div>
          {op.reason && <p className="op-reason">{op.reason}</p>}
          {!editing && !structured(op) && <code className="op-params" title="parameters">{JSON.stringify(op.params)}</code>}
          {!editing && op.op === 'core/alias' && <AliasTable op={op} onParams={onParams} />}
          {!editing && op.op === 'core/impute' && <ImputeEditor op={op} onParams={onParams} />}
          {!editing && op.op === 'core/outlier' && <OutlierEditor op={op} bounds={column?.outlierBounds} onParams={onParams} />}
        </div>
        <div className="op-actions">
          <button type="button" className="btn btn-small" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move ${label} up`}>▲</button>
          <button type="button" className="btn btn-small" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>▼</button>
          <button type="button" className="btn btn-small" onClick={editing ? () => setEditing(false) : startEdit} aria-expanded={editing} aria-label={`${editing ? 'Close the JSON of' : 'Edit as JSON'} ${label}`}>{editing ? 'Close' : 'JSON'}</button>
          <button type="button" className="btn btn-small btn-danger" onClick={onRemove} aria-label={`Delete ${label}`}>Delete</button>
        </div>
      </div>
      {editing && (
        <div className="op-editor">
          <label className="label" htmlFor={`params-${op.id}`}>Parameters (JSON)</label>
          <textarea id={`params-${op.id}`} className="input mono" rows={Math.min(12, text.split('\n').length + 1)} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          {parseError && <p className="inline-error" role="alert">{parseError}</p>}
          <div className="row">
            <button type="button" className="btn btn-primary btn-small" onClick={apply}>Apply</button>
          </div>
        </div>
      )}
      {issues.length > 0 && (
        <ul className="op-issues" role="alert">
          {issues.map((i, k) => <li key={k}>{i.path ? <code>{i.path}</code> : null} {i.message}</li>)}
        </ul>
      )}
    </li>
  );
}
