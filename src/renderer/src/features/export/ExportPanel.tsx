/** Export: copies the chosen artifacts of a run (cleaned data, HTML audit report, provenance, audit log, …) into a folder. */
import { useState } from 'react';
import type { RunRecord } from '../../../../shared/run.js';
import { errorText } from '../../api/client.js';
import { baseName } from '../../format.js';
import { useClient } from '../../state/context.js';
import { exportableArtifacts } from './artifacts.js';

export function ExportPanel({ run }: { run: RunRecord }) {
  const client = useClient();
  const items = exportableArtifacts(run);
  const [folder, setFolder] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(items.map((i) => i.key)));
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string; files?: string[] } | null>(null);
  const toggle = (k: string) => setChosen((s) => {
    const n = new Set(s);
    if (n.has(k)) n.delete(k);
    else n.add(k);
    return n;
  });
  const exportTo = async () => {
    setBusy(true);
    try {
      const artifacts = items.filter((i) => chosen.has(i.key)).map((i) => i.key);
      const res = await client.call('run.export', { runId: run.id, folder: folder.trim(), artifacts, overwrite });
      setMsg({ kind: 'ok', text: `Copied ${res.files.length} files to ${folder.trim()}`, files: res.files });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const chooseFolder = async () => {
    const f = await client.bridge.desktop?.chooseFolder();
    if (f) setFolder(f);
  };

  return (
    <section className="card export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="muted small">The HTML audit report is self-contained: it opens in any browser and prints cleanly.</p>
      <fieldset className="export-items">
        <legend className="label">Files to copy</legend>
        {items.map((i) => (
          <label key={i.key} className="check" title={i.file ?? 'rendered from the run report'}>
            <input type="checkbox" checked={chosen.has(i.key)} onChange={() => toggle(i.key)} />
            {i.label} <span className="muted small mono">{i.file ? baseName(i.file) : ''}</span>
          </label>
        ))}
      </fieldset>
      <label className="label" htmlFor={`export-folder-${run.id}`}>Export folder</label>
      <div className="row">
        <input id={`export-folder-${run.id}`} className="input grow mono" placeholder="/path/to/folder" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
        {client.bridge.desktop && <button type="button" className="btn" onClick={() => void chooseFolder()}>Browse…</button>}
        <button type="button" className="btn btn-primary" onClick={() => void exportTo()} disabled={!folder.trim() || chosen.size === 0 || busy}>Export</button>
      </div>
      <label className="check"><input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Replace files that exist there</label>
      {msg && <p className={msg.kind === 'ok' ? 'ok small' : 'inline-error'} role={msg.kind === 'ok' ? 'status' : 'alert'}>{msg.text}</p>}
      {msg?.files && (
        <ul className="plain-list small mono" aria-label="Exported files">
          {msg.files.map((f) => <li key={f}>{baseName(f)}</li>)}
        </ul>
      )}
    </section>
  );
}
