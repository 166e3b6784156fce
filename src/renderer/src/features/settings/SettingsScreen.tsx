/** Settings: theme (or follow the OS), the default output folder and the engine's worker threads. */
import { useEffect, useState, type FormEvent } from 'react';
import type { Theme } from '../../../../shared/api.js';
import { useClient, useSession } from '../../state/context.js';

export function SettingsScreen() {
  const client = useClient();
  const settings = useSession((s) => s.settings);
  const appInfo = useSession((s) => s.appInfo);
  const save = useSession((s) => s.saveSettings);
  const [theme, setTheme] = useState<Theme>('system');
  const [outputDir, setOutputDir] = useState('');
  const [workers, setWorkers] = useState('');
  const [workersError, setWorkersError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings) return;
    setTheme(settings.theme);
    setOutputDir(settings.outputDir ?? '');
    setWorkers(settings.workers === null ? '' : String(settings.workers));
  }, [settings]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const w = workers.trim() === '' ? null : Number(workers);
    if (w !== null && (!Number.isInteger(w) || w < 1 || w > 256)) {
      setWorkersError('Worker threads must be a whole number from 1 to 256, or empty for one per core.');
      return;
    }
    setWorkersError(null);
    void save({ theme, outputDir: outputDir.trim() ? outputDir.trim() : null, workers: w });
  };
  const browse = async () => {
    const f = await client.bridge.desktop?.chooseFolder();
    if (f) setOutputDir(f);
  };

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head"><div><h1 id="settings-title">Settings</h1></div></header>
      <form className="card settings" onSubmit={submit}>
        <label className="field">
          <span className="label">Theme</span>
          <select className="input" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label className="field">
          <span className="label">Default output folder (empty: beside the input)</span>
          <div className="row">
            <input className="input grow mono" value={outputDir} onChange={(e) => setOutputDir(e.target.value)} spellCheck={false} />
            {client.bridge.desktop && <button type="button" className="btn" onClick={() => void browse()}>Browse…</button>}
          </div>
        </label>
        <label className="field">
          <span className="label">Worker threads (empty: one per core)</span>
          <input
            className="input narrow"
            type="number"
            min={1}
            max={256}
            step={1}
            value={workers}
            placeholder={appInfo?.cores ? String(appInfo.cores) : ''}
            onChange={(e) => setWorkers(e.target.value)}
            aria-invalid={workersError !== null}
            aria-describedby={workersError ? 'workers-error' : undefined}
          />
        </label>
        {workersError && <p id="workers-error" className="inline-error" role="alert">{workersError}</p>}
        <div className="row"><button type="submit" className="btn btn-primary">Save settings</button></div>
      </form>
      {appInfo && (
        <p className="muted small">
          Data Sanitizer {appInfo.version} · {appInfo.platform} · data folder <span className="mono">{appInfo.dataDir}</span> · connected via {client.bridge.transport === 'ipc' ? 'the desktop bridge' : 'HTTP'}
        </p>
      )}
    </section>
  );
}
