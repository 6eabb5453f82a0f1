import { recordHref } from '../../app/hash-route';
import { resourceOfEntity } from '../records/record-resources';
import type { DuplicateCandidate } from './use-possible-duplicates';

/** "This may already exist": the candidates with what matched; creating anyway stays possible. */
export function DuplicateWarning({ candidates }: { candidates: DuplicateCandidate[] }) {
  if (candidates.length === 0) return null;
  return (
    <div className="alert warning duplicate-warning" role="status" data-testid="duplicate-warning">
      <p>
        <strong>This may already exist.</strong> Open the existing record instead, or create this one anyway.
      </p>
      <ul>
        {candidates.map((c) => {
          const resource = resourceOfEntity(c.model);
          return (
            <li key={`${c.model}:${c.id}`} data-testid="duplicate-candidate">
              {resource ? <a href={recordHref(resource.name, c.id)}>{c.label}</a> : c.label}
              <span className="muted small">
                {' '}
                · {resource?.entity.label ?? c.model} · {c.reasons.join(', ')}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
