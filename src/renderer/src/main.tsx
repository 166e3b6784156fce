/** Renderer entry: connect through the preload bridge or the HTTP server, then mount the app (or ask for the access token). */
import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, createClient } from './api/client.js';
import { connect, forgetToken, storeToken } from './api/connect.js';
import { App } from './App.js';
import { Providers } from './state/context.js';
import { createSessionStore } from './state/session.js';
import './styles.css';

function TokenScreen({ rejected }: { rejected: boolean }) {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    storeToken(token.trim());
    window.location.reload();
  };
  return (
    <main className="token-screen">
      <form className="card" onSubmit={submit} aria-labelledby="token-title">
        <h1 id="token-title">Data Sanitizer</h1>
        <p className="muted">This server needs its access token. It was printed when <code>data-sanitizer serve</code> started; opening the printed link fills it in.</p>
        {rejected && <p className="inline-error" role="alert">The server refused the token. Check it and try again.</p>}
        <label className="label" htmlFor="token">Access token</label>
        <div className="row">
          <input id="token" className="input grow mono" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
          <button type="submit" className="btn btn-primary">Connect</button>
        </div>
      </form>
    </main>
  );
}

function isAuthError(err: unknown): boolean {
  const d = err instanceof ApiError ? (err.details as { http?: number } | undefined) : undefined;
  return d?.http === 401;
}

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const bridge = connect();
  if (!bridge) {
    root.render(<StrictMode><TokenScreen rejected={false} /></StrictMode>);
    return;
  }
  const client = createClient(bridge);
  try {
    await client.call('app.info', undefined);
  } catch (err) {
    if (isAuthError(err)) {
      forgetToken();
      root.render(<StrictMode><TokenScreen rejected /></StrictMode>);
      return;
    }
  }
  const store = createSessionStore(client);
  void store.getState().init();
  root.render(
    <StrictMode>
      <Providers client={client} store={store}>
        <App />
      </Providers>
    </StrictMode>,
  );
}

void boot();
