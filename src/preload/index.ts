/**
 * The whole bridge between the page and Electron. The page talks to the engine over HTTP;
 * this only adds what a browser cannot do. ipcRenderer itself is never exposed: each
 * capability is one function bound to one named channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, NOTIFY_LIMITS, type CrmDesktopBridge } from '../shared/ipc-channels';

const bridge: CrmDesktopBridge = {
  platform: process.platform,
  notify(title: string, body: string): void {
    if (typeof title !== 'string' || typeof body !== 'string') return;
    ipcRenderer.send(IPC_CHANNELS.notify, title.slice(0, NOTIFY_LIMITS.title), body.slice(0, NOTIFY_LIMITS.body));
  },
  session: Object.freeze({
    load: async (): Promise<string | null> => {
      const token: unknown = await ipcRenderer.invoke(IPC_CHANNELS.sessionLoad);
      return typeof token === 'string' ? token : null;
    },
    save: async (refreshToken: string | null): Promise<void> => {
      await ipcRenderer.invoke(IPC_CHANNELS.sessionSave, typeof refreshToken === 'string' ? refreshToken : null);
    },
  }),
};

contextBridge.exposeInMainWorld('crmDesktop', Object.freeze(bridge));
