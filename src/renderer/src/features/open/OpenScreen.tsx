/**
 * Open: a path field; a file dialog and drag-and-drop (the desktop opens the file in place, the served UI uploads it
 * to the server first); recent files and recent runs from the catalog.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { RunRecord } from '../../../../shared/run.js';
import { errorText } from '../../api/client.js';
import { InlineError } from '../../components/Notice.js';
import { baseName, fmtInt, fmtTime } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';

export function OpenScreen() {
  const client = useClient();
  const openDataset = useSession((s) => s.openDataset);
  const openRun = useSession((s) => s.openRun);
  const opening = useSession((s) => s.opening);
  const settings = useSession((s) => s.settings);
  const recent = settings?.recentFiles ?? [];
  const [path, setPath] = useState('');
  const [runs, setRuns] = useState<RunRecord[] | null>(null);
  const [runsError, setRunsError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const desktop = client.bridge.desktop;
  const upload = client.bridge.upload?.bind(client.bridge);
  const canPick = Boolean(desktop || upload);

  useEffect(() => {
    client.call('runs.list', { limit: 15 }).then(setRuns, (err: unknown) => setRunsError(errorText(err)));
  }, [client]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void openDataset(path.trim());
  };
  /** A File from a drop or the browser's picker: its own path on the desktop, an uploaded copy in the served UI. */
  const openFile = useCallback(async (file: File) => {
    setFileError(null);
    if (desktop) {
      const p = desktop.pathForFile(file);
      if (!p) return setFileError(`${file.name} has no path on this machine`);
      setPath(p);
      void openDataset(p);
      return;
    }
    if (!upload) return;
    setUploading(file.name);
    try {
      const r = await upload(file);
      if (!r.ok) return setFileError(r.error.message);
      setPath(r.value.path);
      void openDataset(r.value.path);
    } finally {
      setUploading(null);
    }
  }, [desktop, upload, openDataset]);
  const browse = async () => {
    if (!desktop) return fileInput.current?.click();
    const p = await desktop.chooseFile();
    if (p) {
      setPath(p);
      void openDataset(p);
    }
  };
  const onDrop = useCallback((e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openFile(file);
  }, [openFile]);

  return (
    <section className="screen" aria-labelledby="open-title">
      <header className="screen-head">
        <div>
          <h1 id="open-title">Open a table</h1>
          <p className="muted">CSV, TSV, XLSX, JSON, JSON Lines or Parquet. The file stays where it is; pages are read on demand.</p>
        </div>
      </header>

      <form className="card open-form" onSubmit={submit}>
        <label htmlFor="open-path" className="label">File path</label>
        <div className="row">
          <input
            id="open-path"
            className="input grow mono"
            placeholder="/home/me/data/customers.csv"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
          {canPick && <button type="button" className="btn" onClick={() => void browse()}>{desktop ? 'Browse…' : 'Upload…'}</button>}
          <button type="submit" className="btn btn-primary" disabled={!path.trim() || opening}>{opening ? 'Opening…' : 'Open'}</button>
        </div>
        {!desktop && upload && (
          <input
            ref={fileInput}
            type="file"
            hidden
            aria-label="Upload a table"
            accept=".csv,.tsv,.tab,.xlsx,.json,.jsonl,.ndjson,.parquet,.pq"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void openFile(f);
            }}
          />
        )}
        {canPick && (
          <div
            className={`dropzone${dragging ? ' dropzone-active' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            role="region"
            aria-label="Drop a file here to open it"
          >
            {uploading ? `Uploading ${uploading}…` : desktop ? 'Drop a file here to open it' : 'Drop a file here to upload it to the server and open it'}
          </div>
        )}
        <InlineError text={fileError} />
      </form>

      <div className="two-col">
        <div className="card">
          <h2>Recent files</h2>
          {recent.length === 0 ? <p className="muted">Files you open appear here.</p> : (
            <ul className="plain-list">
              {recent.map((f) => (
                <li key={f}>
                  <button type="button" className="link" onClick={() => void openDataset(f)} title={f}>{baseName(f)}</button>
                  <span className="muted small mono recent-path" title={f}>{f}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card">
          <h2>Recent runs</h2>
          <InlineError text={runsError} />
          {runs && runs.length === 0 && <p className="muted">No runs yet. Runs from the app, the CLI and the server are all listed here.</p>}
          {runs && runs.length > 0 && (
            <table className="table">
              <thead>
                <tr><th>Started</th><th>Input</th><th>Status</th><th className="num">In</th><th className="num">Out</th><th /></tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{fmtTime(r.startedAt)}</td>
                    <td title={r.input}>{baseName(r.input)}</td>
                    <td><span className={`status status-${r.status}`}>{r.status}</span></td>
                    <td className="num">{r.rowsIn === null ? '' : fmtInt(r.rowsIn)}</td>
                    <td className="num">{r.rowsOut === null ? '' : fmtInt(r.rowsOut)}</td>
                    <td><button type="button" className="btn btn-small" onClick={() => void openRun(r.id)} aria-label={`Open run of ${baseName(r.input)} started ${fmtTime(r.startedAt)}`}>Open</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
