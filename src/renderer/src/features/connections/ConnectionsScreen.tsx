/** Connections: team backends as profiles, "test connection", and the profile history, audit log and team dedupe use. */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionCheckView, ConnectionProfileInput, ConnectionProfileView, ConnectionsState } from '../../../../shared/api.js';
import { errorText } from '../../api/client.js';
import { useClient, useSession } from '../../state/context.js';
import { ProfileForm } from './ProfileForm.js';

function summary(p: ConnectionProfileView): string {
  const parts: string[] = [];
  if (p.postgres) parts.push(`catalog ${p.postgres.url}`);
  if (p.workspace) parts.push(`workspace ${p.workspace}`);
  if (p.s3) parts.push(`S3 ${p.s3.endpoint ?? 'AWS'}${p.s3.bucket ? ` · bucket ${p.s3.bucket}` : ''}`);
  if (p.milvus) parts.push(`Milvus ${p.milvus.address}`);
  return parts.join(' · ') || 'nothing configured';
}

function Checks({ checks }: { checks: ConnectionCheckView[] }) {
  return (
    <table className="table" aria-label="Connection test">
      <tbody>
        {checks.map((c) => (
          <tr key={c.service}>
            <td>{c.service}</td>
            <td className={c.status === 'failed' ? 'inline-error' : ''}>{c.status}</td>
            <td className="num">{c.status === 'not configured' ? '' : `${c.ms} ms`}</td>
            <td>{c.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConnectionsScreen() {
  const client = useClient();
  const notify = useSession((s) => s.notify);
  const [state, setState] = useState<ConnectionsState | null>(null);
  const [editing, setEditing] = useState<ConnectionProfileView | 'new' | null>(null);
  const [checks, setChecks] = useState<Record<string, ConnectionCheckView[] | 'testing'>>({});
  const [busy, setBusy] = useState(false);

  const act = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    try {
      return await fn();
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
      return null;
    } finally {
      setBusy(false);
    }
  }, [notify]);

  useEffect(() => {
    void act(() => client.call('connections.list', undefined)).then((s) => s && setState(s));
  }, [act, client]);

  const save = async (p: ConnectionProfileInput): Promise<boolean> => {
    const s = await act(() => client.call('connections.save', p));
    if (s) {
      setState(s);
      notify({ kind: 'info', text: `Profile ${p.name} saved` });
    }
    return s !== null;
  };
  const test = async (name: string) => {
    setChecks((c) => ({ ...c, [name]: 'testing' }));
    const r = await act(() => client.call('connections.test', { name }));
    setChecks((c) => {
      const next = { ...c };
      if (r) next[name] = r;
      else delete next[name];
      return next;
    });
  };
  const use = async (name: string | null) => {
    const s = await act(() => client.call('connections.use', { name }));
    if (s) {
      setState(s);
      notify({ kind: 'info', text: name ? `History, audit log and team dedupe now use ${name}` : 'Back to the local catalog' });
    }
  };
  const remove = async (name: string) => {
    if (!window.confirm(`Delete the profile ${name}? Its stored secrets are removed too.`)) return;
    const s = await act(() => client.call('connections.delete', { name }));
    if (s) setState(s);
  };

  return (
    <section className="screen" aria-labelledby="connections-title">
      <header className="screen-head">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p className="muted">
            {state ? <>Using <strong>{state.active ?? 'the local catalog'}</strong> · <span className="mono">{state.catalog}</span></> : 'Loading…'}
          </p>
        </div>
        <div className="actions">
          {state?.active && <button type="button" className="btn" disabled={busy} onClick={() => void use(null)}>Use the local catalog</button>}
          {editing === null && <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>New profile</button>}
        </div>
      </header>

      {editing !== null && state && (
        <ProfileForm key={editing === 'new' ? '(new)' : editing.name} profile={editing === 'new' ? null : editing} keychain={state.secretStorage === 'keychain'} onSave={save} onCancel={() => setEditing(null)} />
      )}

      {state && state.profiles.length === 0 && editing === null && (
        <p className="muted">No profiles yet. A team profile points the app at your PostgreSQL, S3 and Milvus so everyone shares one history and audit trail, and new files are deduplicated against everything the team cleaned before.</p>
      )}

      {state?.profiles.map((p) => {
        const c = checks[p.name];
        return (
          <article key={p.name} className="card" aria-label={`Profile ${p.name}`}>
            <div className="row between">
              <div>
                <h2>{p.name}{state.active === p.name && <span className="badge"> in use</span>}</h2>
                <p className="muted small mono">{summary(p)}</p>
              </div>
              <div className="row">
                <button type="button" className="btn" disabled={c === 'testing'} onClick={() => void test(p.name)}>{c === 'testing' ? 'Testing…' : 'Test connection'}</button>
                {state.active !== p.name && <button type="button" className="btn" disabled={busy} onClick={() => void use(p.name)}>Use</button>}
                <button type="button" className="btn" onClick={() => setEditing(p)}>Edit</button>
                <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove(p.name)}>Delete</button>
              </div>
            </div>
            {Array.isArray(c) && <Checks checks={c} />}
          </article>
        );
      })}
      {state && <p className="muted small">Profiles are kept in <span className="mono">{state.path}</span> (readable by you only); secrets typed here are {state.secretStorage === 'keychain' ? 'encrypted with the OS keychain' : 'not stored: use environment variables'}.</p>}
    </section>
  );
}
