// TEMPORARY STUB so `electron-vite build` links; replaced by the real composition root.
export async function startLocalServer(opts: {
  dataDir: string;
  port: number;
  rendererDir?: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  void opts;
  throw new Error('startLocalServer is not implemented yet');
}
