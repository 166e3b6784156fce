/** The preload bridge: exposes the typed API as `window.api` (ApiBridge) through contextBridge; nothing else leaks to the page. */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiBridge, ApiEvents, ApiResponse, ArgOf, EventName, Method, ResultOf } from '../shared/api.js';
import { IPC } from '../main/ipc/channels.js';

const api = {
  transport: 'ipc' as const,
  invoke<K extends Method>(method: K, arg: ArgOf<K>): Promise<ApiResponse<ResultOf<K>>> {
    return ipcRenderer.invoke(IPC.invoke, method, arg) as Promise<ApiResponse<ResultOf<K>>>;
  },
  subscribe<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const h = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC.event, h);
    return () => {
      ipcRenderer.removeListener(IPC.event, h);
    };
  },
  desktop: {
    pathForFile: (file: File): string => webUtils.getPathForFile(file),
    chooseFile: () => ipcRenderer.invoke(IPC.chooseFile) as Promise<string | null>,
    chooseFolder: () => ipcRenderer.invoke(IPC.chooseFolder) as Promise<string | null>,
  },
} satisfies ApiBridge;

contextBridge.exposeInMainWorld('api', api);
