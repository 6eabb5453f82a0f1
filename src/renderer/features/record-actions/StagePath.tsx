import { optionLabel } from '../../ui/option-label';

interface Path {
  field: 'status' | 'stage';
  /** The forward path, in order. */
  steps: readonly string[];
  /** Ways out of the path (shown apart). */
  exits: readonly string[];
}

/** Leads move new -> contacted -> qualified (conversion is its own action); deals through the stages. */
export const PATHS: Partial<Record<string, Path>> = {
  leads: { field: 'status', steps: ['new', 'contacted', 'qualified'], exits: ['unqualified', 'lost'] },
  opportunities: { field: 'stage', steps: ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won'], exits: ['closed_lost'] },
};

interface Props {
  resourceName: string;
  value: string;
  /** A converted lead or a deleted record: the path shows where it is but does not move. */
  locked: boolean;
  busy: boolean;
  onMove: (field: string, value: string) => void;
}

/** The status / stage as a path of steps: one click moves the record to a step. */
export function StagePath({ resourceName, value, locked, busy, onMove }: Props) {
  const path = PATHS[resourceName];
  if (!path) return null;
  const at = path.steps.indexOf(value);
  const button = (step: string, state: string) => (
    <li key={step} className={`path-step ${state}`}>
      <button
        type="button"
        disabled={locked || busy || step === value}
        aria-current={step === value ? 'step' : undefined}
        onClick={() => onMove(path.field, step)}
        data-testid={`path-${step}`}
      >
        {optionLabel(step)}
      </button>
    </li>
  );
  return (
    <nav className="stage-path card" aria-label={path.field === 'stage' ? 'Deal stage' : 'Lead status'} data-testid="stage-path">
      <ol className="path-steps">{path.steps.map((step, i) => button(step, step === value ? 'current' : at >= 0 && i < at ? 'done' : 'todo'))}</ol>
      <ol className="path-exits">{path.exits.map((step) => button(step, step === value ? 'current lost' : 'exit'))}</ol>
      {value === 'converted' && <span className="badge badge-green">Converted</span>}
    </nav>
  );
}
