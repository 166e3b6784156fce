/** Electron main: one sandboxed, context-isolated window over the typed API; navigation, new windows and permissions refused. */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApi, type ApiService } from './app/api.js';
import { setSecretDecryptor } from './app/profiles.js';
import { registerIpc } from './ipc/register.js';
import { isTrustedUrl } from './ipc/trust.js';
import { SqliteRunStore } from './store/SqliteRunStore.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const devUrl = (!app.isPackaged && process.env['ELECTRON_RENDERER_URL']) || undefined;
const appUrl = devUrl ?? pathToFileURL(rendererIndex).href;

/** The dev server needs inline scripts and a websocket for hot reload; the built app gets the strict policy from its meta tag. */
const DEV_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws:; object-src 'none'; base-uri 'none'";

// Tests and portable installs point the app at their own data folder.
if (process.env['DATA_SANITIZER_HOME']) app.setPath('userData', process.env['DATA_SANITIZER_HOME']);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let api: ApiService | null = null;
let store: SqliteRunStore | null = null;
let disposeIpc: (() => void) | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Data Sanitizer',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

async function pick(sender: WebContents, folder: boolean): Promise<string | null> {
  const win = BrowserWindow.fromWebContents(sender);
  const opts: Electron.OpenDialogOptions = folder
    ? { properties: ['openDirectory', 'createDirectory'] }
    : { properties: ['openFile'], filters: [{ name: 'Tables', extensions: ['csv', 'tsv', 'tab', 'xlsx', 'json', 'jsonl', 'ndjson', 'parquet', 'pq'] }, { name: 'All files', extensions: ['*'] }] };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url, appUrl)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isTrustedUrl(url, appUrl)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.whenReady().then(() => {
  const dataDir = app.getPath('userData');
  store = new SqliteRunStore(join(dataDir, 'catalog.db'));
  // Secrets typed into Connections are encrypted with the OS keychain (safeStorage); the file holds only the blob.
  const keychain = safeStorage.isEncryptionAvailable();
  if (keychain) setSecretDecryptor((b64) => safeStorage.decryptString(Buffer.from(b64, 'base64')));
  api = createApi({
    store, dataDir, versions: { desktop: app.getVersion(), electron: process.versions.electron ?? '' }, actor: { via: 'desktop' },
    secretBox: keychain ? { encrypt: (plain) => safeStorage.encryptString(plain).toString('base64') } : null,
  });
  void api.restoreConnections();

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (devUrl) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DEV_CSP] } });
    });
  }

  disposeIpc = registerIpc(ipcMain, {
    api,
    appUrl,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    chooseFile: (sender) => pick(sender, false),
    chooseFolder: (sender) => pick(sender, true),
    onBug: (method, err) => console.error(`api ${method} failed:`, err),
    onRefused: (channel, url) => console.warn(`refused IPC ${channel} from ${url ?? 'an unknown frame'}`),
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  dialog.showErrorBox('Data Sanitizer could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let shuttingDown = false;
app.on('will-quit', (e) => {
  if (shuttingDown || !api) return;
  // Running jobs are cancelled and unwound (temp files removed) before the catalog closes.
  e.preventDefault();
  shuttingDown = true;
  disposeIpc?.();
  void (async () => {
    await api?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    app.quit();
  })();
});
