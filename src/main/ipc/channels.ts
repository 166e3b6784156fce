/** IPC channel names shared by the main process and the preload. */
export const IPC = {
  invoke: 'api:invoke',
  event: 'api:event',
  chooseFile: 'desktop:chooseFile',
  chooseFolder: 'desktop:chooseFolder',
} as const;
