import type { ApiError } from '../api/api-error';

/** An error where it happened, with a retry when one makes sense. */
export function ErrorBanner({ error, onRetry, testId }: { error: ApiError | Error | undefined; onRetry?: () => void; testId?: string }) {
  if (!error) return null;
  return (
    <div className="alert error" role="alert" data-testid={testId}>
      <span>{error.message}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
