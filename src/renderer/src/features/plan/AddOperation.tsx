/** Adds an operation to the plan by hand: a per-column imputation or outlier policy, a trim or a case change. */
import { useState, type FormEvent } from 'react';
import type { Plan } from '../../../../shared/plan.js';
import type { ColumnProfile } from '../../../../shared/profile.js';
import { addOp, type AddableOp } from './planEdit.js';

const KINDS: { value: AddableOp; label: string }[] = [
  { value: 'core/impute', label: 'Fill missing values (impute)' },
  { value: 'core/outlier', label: 'Outlier policy' },
  { value: 'core/trim', label: 'Trim whitespace' },
  { value: 'core/case', label: 'Change letter case' },
];

interface Props {
  plan: Plan;
  columns: string[];
  profiles: ColumnProfile[];
  onAdd(plan: Plan): void;
}

export function AddOperation({ plan, columns, profiles, onAdd }: Props) {
  const [kind, setKind] = useState<AddableOp>('core/impute');
  const [column, setColumn] = useState('');
  const chosen = column || columns[0] || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) onAdd(addOp(plan, kind, chosen, profiles.find((c) => c.name === chosen)));
  };
  return (
    <form className="card row wrap add-op" onSubmit={submit} aria-label="Add an operation">
      <label className="field">
        <span className="label">Add an operation</span>
        <select className="input" value={kind} onChange={(e) => setKind(e.target.value as AddableOp)}>
          {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="label">On column</span>
        <select className="input" value={chosen} onChange={(e) => setColumn(e.target.value)}>
          {columns.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <button type="submit" className="btn align-end" disabled={!chosen}>Add</button>
    </form>
  );
}
