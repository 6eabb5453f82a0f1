import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useSubmit } from '../../ui/use-submit';
import { useToast } from '../../ui/toast-context';
import type { EmailTemplate } from './campaign-types';
import { useApiQuery } from '../../api/use-api-query';

/** The contact fields the preview picker shows (a contact record has them all). */
type PreviewContact = { id: string; first_name: string | null; last_name: string; email: string };
const NONE: never[] = [];

const USED = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|[^{}]*)?\}\}/g;
const BUILT_IN = new Set(['unsubscribe_url', 'sender.name', 'sender.email']);

/**
 * A template's editor: the variable picker inserts `{{name}}` at the cursor, the variables
 * list follows what the text uses, and the preview renders it for a contact (saved first).
 */
export function TemplateEditor({ template, onDone }: { template: EmailTemplate | undefined; onDone: () => void }) {
  const api = useApi();
  const toast = useToast();
  const [id, setId] = useState(template?.id);
  const [form, setForm] = useState({
    name: template?.name ?? '',
    subject: template?.subject ?? '',
    body_html: template?.body_html ?? '<p>Hi {{first_name|there}},</p>\n<p></p>',
    category: template?.category ?? '',
  });
  const [previewFor, setPreviewFor] = useState('');
  const [preview, setPreview] = useState<{ subject: string; body_html: string } | undefined>();
  const body = useRef<HTMLTextAreaElement>(null);
  // The variables known to the server, and contacts to preview with (none offered when they cannot be read).
  const known = useApiQuery('email_templates.variables', {}).data?.variables ?? NONE;
  const contacts = (useApiQuery('contacts.list', { query: { page_size: 20 } }).data?.results ?? NONE) as PreviewContact[];
  const firstContact = contacts[0]?.id;
  useEffect(() => {
    if (firstContact) setPreviewFor((current) => current || firstContact);
  }, [firstContact]);

  const variables = [...new Set([...`${form.subject} ${form.body_html}`.matchAll(USED)].map((m) => m[1]).filter((n) => !BUILT_IN.has(n)))];
  const payload = { ...form, category: form.category || null, variables };
  const { busy, error, submit } = useSubmit(async () => {
    const saved = id
      ? await api.call('email_templates.update', { params: { id }, body: payload })
      : await api.call('email_templates.create', { body: payload });
    setId(saved.id);
    toast('Template saved');
  });

  // Live preview of the saved template for the chosen contact.
  const key = useDebouncedValue(`${id}|${previewFor}|${busy}`, 300);
  useEffect(() => {
    if (!id || !previewFor || busy) return;
    api.call('email_templates.preview', { params: { id }, body: { model: 'contact', object_id: previewFor } }).then(setPreview, () => setPreview(undefined));
  }, [key]);

  const insert = (name: string) => {
    const el = body.current;
    const text = `{{${name}}}`;
    const at = el?.selectionStart ?? form.body_html.length;
    setForm({ ...form, body_html: form.body_html.slice(0, at) + text + form.body_html.slice(el?.selectionEnd ?? at) });
    requestAnimationFrame(() => el?.focus());
  };
  const fieldError = (n: string) => error?.fieldMessage(n);
  return (
    <div className="template-editor">
      <form className="card pad-lg form-stack" onSubmit={submit} data-testid="template-editor">
        <h3>{id ? 'Edit template' : 'New template'}</h3>
        <ErrorBanner error={error && !Object.keys(error.fields).length ? error : undefined} />
        <label className={fieldError('name') ? 'field has-error' : 'field'}>
          <span>Name</span>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="template-name" />
          {fieldError('name') && <span className="field-error">{fieldError('name')}</span>}
        </label>
        <label className="field">
          <span>Category</span>
          <input value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} />
        </label>
        <label className={fieldError('subject') ? 'field has-error' : 'field'}>
          <span>Subject</span>
          <input value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} data-testid="template-subject" />
          {fieldError('subject') && <span className="field-error">{fieldError('subject')}</span>}
        </label>
        <label className={fieldError('body_html') ? 'field has-error' : 'field'}>
          <span>
            Body (HTML) — <code>{'{{name|fallback}}'}</code> uses the fallback when the value is empty; values are HTML-escaped
          </span>
          <textarea ref={body} rows={12} value={form.body_html} onChange={(e) => setForm({ ...form, body_html: e.target.value })} data-testid="template-body" />
          {fieldError('body_html') && <span className="field-error">{fieldError('body_html')}</span>}
        </label>
        {fieldError('variables') && <p className="field-error">{fieldError('variables')}</p>}
        <p className="muted small">Variables used: {variables.length ? variables.join(', ') : 'none'}. The plain-text part is made from the HTML.</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onDone}>
            Back
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="template-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <aside className="card pad-lg variable-picker" data-testid="variable-picker">
        <h4>Insert a variable</h4>
        <div className="variable-chips">
          {known
            .filter((n) => !n.startsWith('company.') || ['company.industry', 'company.size', 'company.name'].includes(n))
            .slice(0, 60)
            .map((n) => (
              <button key={n} type="button" className="chip" onClick={() => insert(n)}>
                {n}
              </button>
            ))}
        </div>
        <h4>Preview</h4>
        <select value={previewFor} onChange={(e) => setPreviewFor(e.target.value)} aria-label="Preview for contact" data-testid="preview-contact">
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {[c.first_name, c.last_name].filter(Boolean).join(' ')} — {c.email}
            </option>
          ))}
        </select>
        {!id && <p className="muted small">Save the template to preview it.</p>}
        {preview && (
          <div className="template-preview" data-testid="template-preview">
            <p>
              <strong>{preview.subject}</strong>
            </p>
            <iframe title="Preview" sandbox="" srcDoc={preview.body_html} />
          </div>
        )}
      </aside>
    </div>
  );
}
