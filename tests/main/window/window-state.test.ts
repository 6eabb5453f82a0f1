import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, parseWindowState, saveWindowState } from '../../../src/main/window/window-state';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-window-'));
  dirs.push(dir);
  return join(dir, 'window-state.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('window state', () => {
  it('round-trips through the file', () => {
    const file = tempFile();
    const state = { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
  });

  it('falls back to the default for a missing, corrupt or absurd file', () => {
    const file = tempFile();
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{not json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState({ bounds: { width: 10, height: 10 } })).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState({ bounds: { width: '1200', height: 800 } })).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops the position when no display shows the window any more', () => {
    const state = { bounds: { x: 5000, y: 100, width: 1200, height: 800 }, maximized: false };
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays(state, displays).bounds).toEqual({ width: 1200, height: 800 });
    const visible = { ...state, bounds: { ...state.bounds, x: 100 } };
    expect(fitToDisplays(visible, displays)).toEqual(visible);
  });
});
