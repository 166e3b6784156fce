/** The alias table of a core/alias operation: rename a canonical value, merge one group into another, drop a variant. */
import { useEffect, useState } from 'react';
import type { AliasOp } from '../../../../shared/plan.js';
import { aliasGroups, mergeAlias, removeVariant, renameCanonical, withMapping } from './planEdit.js';

interface Props {
  op: AliasOp;
  onParams(params: AliasOp['params']): void;
}

function CanonicalInput({ value, column, onRename }: { value: string; column: string; onRename(to: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() && text !== value) onRename(text);
    else setText(value);
  };
  return (
    <input
      className="input alias-canonical"
      value={text}
      aria-label={`Canonical ${column} value ${value}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') setText(value);
      }}
    />
  );
}

export function AliasTable({ op, onParams }: Props) {
  const groups = aliasGroups(op.params.mapping);
  const update = (mapping: Record<string, string>) => onParams(withMapping(op.params, mapping));
  return (
    <table className="table alias-table" aria-label={`Alias table for ${op.column}`}>
      <thead>
        <tr><th>Becomes (canonical)</th><th>Variants replaced</th><th>Merge into</th></tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.canonical}>
            <td><CanonicalInput value={g.canonical} column={op.column} onRename={(to) => update(renameCanonical(op.params.mapping, g.canonical, to))} /></td>
            <td>
              <ul className="chips alias-variants">
                {g.variants.map((v) => (
                  <li key={v} className="chip">
                    <span className="mono">{v}</span>
                    {op.params.confidence?.[v] !== undefined && <span className="muted small">{Math.round(op.params.confidence[v] * 100)}%</span>}
                    <button type="button" className="chip-remove" onClick={() => update(removeVariant(op.params.mapping, v))} aria-label={`Keep ${v} as written`} title="Keep as written">×</button>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              {groups.length > 1 && (
                <select
                  className="input"
                  value=""
                  aria-label={`Merge ${g.canonical} into another value`}
                  onChange={(e) => {
                    if (e.target.value) update(mergeAlias(op.params.mapping, g.canonical, e.target.value));
                  }}
                >
                  <option value="">—</option>
                  {groups.filter((o) => o.canonical !== g.canonical).map((o) => <option key={o.canonical} value={o.canonical}>{o.canonical}</option>)}
                </select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
