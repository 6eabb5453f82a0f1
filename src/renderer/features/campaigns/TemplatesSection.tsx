import { useState } from 'react';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { EmailTemplate } from './campaign-types';
import { TemplateEditor } from './TemplateEditor';
import { useApiQuery } from '../../api/use-api-query';

export function TemplatesSection() {
  const [editing, setEditing] = useState<EmailTemplate | 'new' | undefined>();
  const { data, error, refetch: load } = useApiQuery('email_templates.list', { query: { page_size: 100 } });
  const templates = data?.results;
  if (editing) {
    return <TemplateEditor template={editing === 'new' ? undefined : editing} onDone={() => (setEditing(undefined), void load())} />;
  }
  return (
    <section className="card pad-lg" data-testid="template-list">
      <div className="section-head">
        <h3>Templates</h3>
        <button type="button" className="button primary" onClick={() => setEditing('new')} data-testid="template-new">
          New template
        </button>
      </div>
      <ErrorBanner error={error ?? undefined} />
      {templates?.length === 0 && <p className="muted">No templates yet.</p>}
      <ul className="template-list">
        {templates?.map((t) => (
          <li key={t.id}>
            <button type="button" className="link-button" onClick={() => setEditing(t)}>
              {t.name}
            </button>
            <span className="muted small">
              {' '}
              {t.category ?? ''} — {t.subject}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
