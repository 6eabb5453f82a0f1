export type FirstRunMode = 'create' | 'join';

/** The two ways to start on a new install, as a segmented switch above the form. */
export function FirstRunChoice({ mode, onChange }: { mode: FirstRunMode; onChange: (mode: FirstRunMode) => void }) {
  return (
    <div className="first-run-choice" role="tablist" aria-label="How to start">
      <button
        type="button"
        role="tab"
        aria-selected={mode === 'create'}
        className={mode === 'create' ? 'active' : undefined}
        onClick={() => onChange('create')}
        data-testid="first-run-create"
      >
        Create your workspace
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={mode === 'join'}
        className={mode === 'join' ? 'active' : undefined}
        onClick={() => onChange('join')}
        data-testid="first-run-join"
      >
        Join a team
      </button>
    </div>
  );
}
