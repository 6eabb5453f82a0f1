import type { CrmDesktopBridge } from '../../shared/ipc-channels';

/** The preload's bridge, or `undefined` when the UI runs in a plain browser (headless mode). */
export function desktopBridge(): CrmDesktopBridge | undefined {
  return (window as Window & { crmDesktop?: CrmDesktopBridge }).crmDesktop;
}
