// Runs in the sandboxed renderer before the page. It exposes one function,
// `kioskApi.invoke`, and nothing of Node or Electron itself.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('kioskApi', {
  invoke: (method: string, params: unknown): Promise<unknown> =>
    ipcRenderer.invoke('api', method, params),
});
