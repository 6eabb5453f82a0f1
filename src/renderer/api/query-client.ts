import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one cache. Answers count as stale at once (a screen that opens reads again,
 * as it did before the cache), shown meanwhile; changes from elsewhere arrive through
 * `/ws/activity/`, so no refetch on window focus. No retries: the API is local, and a refusal
 * (a 4xx) would only come back the same.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 0, retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

declare module '@tanstack/react-query' {
  // Every query and mutation fails with the API's one error type (use-api-query turns
  // anything else into one).
  interface Register {
    defaultError: import('./api-error').ApiError;
  }
}
