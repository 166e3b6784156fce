/** Plan: every proposed operation with its reason; toggle, edit, reorder, delete; dedupe settings; save/load JSON; inline validation. */
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client.js';
import { dirName, stem, baseName } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';
import { DedupeEditor } from './DedupeEditor.js';
import { OperationItem } from './OperationItem.js';
import { AddOperation } from './AddOperation.js';
import { moveOp, removeOp, setDedupe, setParams, toggleOp } from './planEdit.js';

export function PlanScreen() {
  const client = useClient();
  const plan = useSession((s) => s.plan);
  const issues = useSession((s) => s.planIssues);
  const profile = useSession((s) => s.profile);
  const dataset = useSession((s) => s.dataset);
  const outputDir = useSession((s) => s.settings?.outputDir ?? null);
  const setPlan = useSession((s) => s.setPlan);
  const validatePlan = useSession((s) => s.validatePlan);
  const resetPlan = useSession((s) => s.resetPlan);
  const go = useSession((s) => s.go);
  const [file, setFile] = useState('');
  const [fileMsg, setFileMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (dataset && !file) setFile(`${outputDir ?? dirName(dataset.path)}/${stem(baseName(dataset.path))}.plan.json`);
  }, [dataset, outputDir, file]);
  useEffect(() => {
    const t = setTimeout(() => void validatePlan(), 250);
    return () => clearTimeout(t);
  }, [plan, validatePlan]);

  if (!plan) return null;
  const columns = profile?.columns ?? dataset?.columns.map((c) => c.name) ?? [];
  const planLevel = issues.filter((i) => i.index < 0);
  const enabled = plan.operations.filter((o) => o.enabled !== false).length;

  const save = async () => {
    try {
      const r = await client.call('plan.save', { plan, path: file, overwrite: true });
      setFileMsg({ kind: 'ok', text: `Saved to ${r.path}` });
    } catch (err) {
      setFileMsg({ kind: 'error', text: errorText(err) });
    }
  };
  const load = async () => {
    try {
      const r = await client.call('plan.load', { path: file, columns });
      if (r.plan) setPlan(r.plan);
      setFileMsg(r.plan ? { kind: 'ok', text: `Loaded ${file}${r.issues.length ? ` with ${r.issues.length} problem(s)` : ''}` } : { kind: 'error', text: r.issues.map((i) => i.message).join('; ') });
    } catch (err) {
      setFileMsg({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <section className="screen" aria-labelledby="plan-title">
      <header className="screen-head">
        <div>
          <h1 id="plan-title">Plan</h1>
          <p className="muted">{enabled} of {plan.operations.length} operations enabled · duplicates: {plan.dedupe.mode} · {issues.length === 0 ? 'valid' : `${issues.length} problem(s)`}</p>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={resetPlan} disabled={!profile}>Reset to proposed</button>
          <button type="button" className="btn btn-primary" onClick={() => go('run')} disabled={issues.length > 0}>Continue to run</button>
        </div>
      </header>

      <div className="card plan-file">
        <label className="label" htmlFor="plan-file">Plan file</label>
        <div className="row">
          <input id="plan-file" className="input grow mono" value={file} onChange={(e) => setFile(e.target.value)} spellCheck={false} />
          <button type="button" className="btn" onClick={() => void save()}>Save</button>
          <button type="button" className="btn" onClick={() => void load()}>Load</button>
        </div>
        {fileMsg && <p className={fileMsg.kind === 'ok' ? 'ok small' : 'inline-error'} role={fileMsg.kind === 'ok' ? 'status' : 'alert'}>{fileMsg.text}</p>}
      </div>

      {planLevel.length > 0 && (
        <ul className="op-issues" role="alert">{planLevel.map((i, k) => <li key={k}>{i.path ? <code>{i.path}</code> : null} {i.message}</li>)}</ul>
      )}

      <ol className="ops" aria-label="Operations in order">
        {plan.operations.map((op, i) => (
          <OperationItem
            key={op.id}
            op={op}
            index={i}
            count={plan.operations.length}
            issues={issues.filter((x) => x.index === i)}
            column={profile?.profile.columns.find((c) => c.name === op.column)}
            onToggle={() => setPlan(toggleOp(plan, i))}
            onMove={(d) => setPlan(moveOp(plan, i, d))}
            onRemove={() => setPlan(removeOp(plan, i))}
            onParams={(p) => setPlan(setParams(plan, i, p))}
          />
        ))}
      </ol>
      {plan.operations.length === 0 && <p className="muted">No operations: the clean will only check rows and find duplicates.</p>}
      <AddOperation plan={plan} columns={columns} profiles={profile?.profile.columns ?? []} onAdd={setPlan} />

      <DedupeEditor value={plan.dedupe} columns={columns} onChange={(d) => setPlan(setDedupe(plan, d))} />
    </section>
  );
}
