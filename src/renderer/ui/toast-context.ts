import { createContext, useContext } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
}

export type ShowToast = (message: string, options?: { action?: ToastAction; tone?: 'info' | 'error' }) => void;

export const ToastContext = createContext<ShowToast>(() => undefined);

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
