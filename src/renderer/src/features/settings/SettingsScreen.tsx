/** Settings: theme (or follow the OS) and the default output folder. */
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

  useEffect(() => {
    if (!settings) return;
    setTheme(settings.theme);
    setOutputDir(settings.outputDir ?? '');
  }, [settings]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({ theme, outputDir: outputDir.trim() ? outputDir.trim() : null });
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
