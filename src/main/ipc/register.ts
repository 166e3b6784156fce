/** The one place IPC handlers are registered: every channel checks that the sender frame is the app's own page. */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventName } from '../../shared/api.js';
import type { ApiService } from '../app/api.js';
import { dispatch } from '../app/dispatch.js';
import { IPC } from './channels.js';
import { isTrustedUrl } from './trust.js';

export interface IpcOptions {
  api: ApiService;
  /** The app page's URL (file://…/index.html, or the dev server's). */
  appUrl: string;
  /** Windows that receive API events. */
  targets: () => WebContents[];
  chooseFile: (sender: WebContents) => Promise<string | null>;
  chooseFolder: (sender: WebContents) => Promise<string | null>;
  onBug?: (method: string, err: unknown) => void;
  onRefused?: (channel: string, url: string | null) => void;
}

const EVENTS: readonly EventName[] = ['job.progress', 'job.finished'];

/** Registers every channel; returns a function that removes them all. */
export function registerIpc(ipcMain: IpcMain, opts: IpcOptions): () => void {
  const channels: string[] = [];
  const handle = (channel: string, fn: (e: IpcMainInvokeEvent, args: unknown[]) => Promise<unknown>): void => {
    channels.push(channel);
    ipcMain.handle(channel, (e, ...args: unknown[]) => {
      const url = e.senderFrame?.url ?? null;
      if (!isTrustedUrl(url, opts.appUrl)) {
        opts.onRefused?.(channel, url);
        throw new Error(`IPC ${channel} refused: the sender is not the app's page`);
      }
      return fn(e, args);
    });
  };

  handle(IPC.invoke, (_e, [method, arg]) => dispatch(opts.api.handlers, String(method), arg, opts.onBug ? { onBug: opts.onBug } : {}));
  handle(IPC.chooseFile, (e) => opts.chooseFile(e.sender));
  handle(IPC.chooseFolder, (e) => opts.chooseFolder(e.sender));

  const unsubscribe = EVENTS.map((name) => opts.api.events.subscribe(name, (payload) => {
    for (const wc of opts.targets()) {
      if (!wc.isDestroyed() && isTrustedUrl(wc.getURL(), opts.appUrl)) wc.send(IPC.event, name, payload);
    }
  }));

  return () => {
    for (const c of channels) ipcMain.removeHandler(c);
    for (const u of unsubscribe) u();
  };
}
