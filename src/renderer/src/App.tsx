/** The shell: a step navigation (Open → Preview → Profile → Plan → Run → Changes → Duplicates → Audit) beside the current screen. */
import { useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Notice } from './components/Notice.js';
import { AuditScreen } from './features/audit/AuditScreen.js';
import { ConnectionsScreen } from './features/connections/ConnectionsScreen.js';
import { DiffScreen } from './features/diff/DiffScreen.js';
import { DuplicatesScreen } from './features/duplicates/DuplicatesScreen.js';
import { OpenScreen } from './features/open/OpenScreen.js';
import { PlanScreen } from './features/plan/PlanScreen.js';
import { PreviewScreen } from './features/preview/PreviewScreen.js';
import { ProfileScreen } from './features/profile/ProfileScreen.js';
import { RunScreen } from './features/run/RunScreen.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { baseName } from './format.js';
import { useSession } from './state/context.js';
import { availableScreens, type Screen } from './state/session.js';

const STEPS: { screen: Screen; label: string }[] = [
  { screen: 'open', label: 'Open' },
  { screen: 'preview', label: 'Preview' },
  { screen: 'profile', label: 'Profile' },
  { screen: 'plan', label: 'Plan' },
  { screen: 'run', label: 'Run' },
  { screen: 'diff', label: 'Changes' },
  { screen: 'duplicates', label: 'Duplicates' },
  { screen: 'audit', label: 'Audit log' },
];

const SCREENS: Record<Screen, () => ReactNode> = {
  open: () => <OpenScreen />,
  preview: () => <PreviewScreen />,
  profile: () => <ProfileScreen />,
  plan: () => <PlanScreen />,
  run: () => <RunScreen />,
  diff: () => <DiffScreen />,
  duplicates: () => <DuplicatesScreen />,
  audit: () => <AuditScreen />,
  settings: () => <SettingsScreen />,
  connections: () => <ConnectionsScreen />,
};

export function App() {
  const screen = useSession((s) => s.screen);
  const go = useSession((s) => s.go);
  const notice = useSession((s) => s.notice);
  const notify = useSession((s) => s.notify);
  const theme = useSession((s) => s.settings?.theme ?? 'system');
  const datasetPath = useSession((s) => s.dataset?.path ?? null);
  const available = useSession(useShallow(availableScreens));

  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => notify(null), 4000);
    return () => clearTimeout(t);
  }, [notice, notify]);

  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Steps">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span>Data Sanitizer</span>
        </div>
        {datasetPath && <p className="sidebar-file" title={datasetPath}>{baseName(datasetPath)}</p>}
        <ul>
          {STEPS.map((s) => (
            <li key={s.screen}>
              <button
                type="button"
                className={`nav-item${screen === s.screen ? ' nav-active' : ''}`}
                aria-current={screen === s.screen ? 'page' : undefined}
                disabled={!available[s.screen]}
                onClick={() => go(s.screen)}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button type="button" className={`nav-item${screen === 'connections' ? ' nav-active' : ''}`} aria-current={screen === 'connections' ? 'page' : undefined} onClick={() => go('connections')}>
            Connections
          </button>
          <button type="button" className={`nav-item${screen === 'settings' ? ' nav-active' : ''}`} aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => go('settings')}>
            Settings
          </button>
        </div>
      </nav>
      <main className="content">
        {notice && <Notice notice={notice} onDismiss={() => notify(null)} />}
        {available[screen] ? SCREENS[screen]() : <OpenScreen />}
      </main>
    </div>
  );
}
