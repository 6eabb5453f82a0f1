import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  bounds: { width: 1280, height: 820 },
  maximized: false,
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The file is user-writable, so anything odd in it falls back to the default. */
export function parseWindowState(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_WINDOW_STATE;
  const { bounds, maximized } = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || !isInt(bounds.width) || !isInt(bounds.height)) return DEFAULT_WINDOW_STATE;
  if (bounds.width < 400 || bounds.height < 300 || bounds.width > 20000 || bounds.height > 20000) {
    return DEFAULT_WINDOW_STATE;
  }
  const hasPosition = isInt(bounds.x) && isInt(bounds.y);
  return {
    bounds: hasPosition ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : { width: bounds.width, height: bounds.height },
    maximized: maximized === true,
  };
}

/** A window restored onto a display that is gone would open off-screen; keep only the size then. */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const { x, y, width, height } = state.bounds;
  if (x === undefined || y === undefined) return state;
  const visible = workAreas.some((a) => x + 100 <= a.x + a.width && x + width - 100 >= a.x && y >= a.y && y + 40 <= a.y + a.height);
  return visible ? state : { ...state, bounds: { width, height } };
}

export function loadWindowState(file: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}
