import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { recordHref } from '../../app/hash-route';
import { Dialog } from '../../ui/Dialog';
import type { ApiRecord } from '../records/record-title';
import { useSubmit } from '../../ui/use-submit';
import type { BodyOf } from '../../../shared/contract/signatures';

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Lead -> contact (+ company, + deal) in one call; then the new contact opens. */
export function ConvertLeadDialog({ lead, onClose }: { lead: ApiRecord; onClose: () => void }) {
  const api = useApi();
  const companyName = typeof lead.company_name === 'string' ? lead.company_name : '';
  const [createCompany, setCreateCompany] = useState(companyName !== '');
  const [createDeal, setCreateDeal] = useState(true);
  const [name, setName] = useState(companyName ? `${companyName} deal` : '');
  const [amount, setAmount] = useState(lead.estimated_value ? String(lead.estimated_value) : '');
  const [closeDate, setCloseDate] = useState(inDays(30));
  const { busy, error, submit } = useSubmit(async () => {
    const body: BodyOf<'leads.convert'> = { create_company: createCompany, create_opportunity: createDeal };
    if (createDeal)
      body.opportunity = { name: name.trim() || undefined, amount: amount === '' ? undefined : Number(amount), close_date: closeDate || undefined };
    const result = await api.call('leads.convert', { params: { id: lead.id }, body });
    window.location.hash = recordHref('contacts', result.contact.id);
  });

  const fieldError = (f: string) => error?.fieldMessage(`opportunity.${f}`) ?? error?.fieldMessage(f);
  const shownInline = ['name', 'amount', 'close_date'].some((f) => fieldError(f));
  return (
    <Dialog title="Convert lead" onClose={onClose} testId="convert-dialog">
      <form className="form-stack" onSubmit={submit} noValidate>
        <p className="muted">The lead becomes a contact{companyName ? ` at ${companyName}` : ''}. Its history moves along.</p>
        {error && !shownInline && (
          <div className="alert error" role="alert">
            {error.message}
          </div>
        )}
        <label className="check-row">
          <input
            type="checkbox"
            checked={createCompany}
            onChange={(e) => setCreateCompany(e.target.checked)}
            disabled={!companyName}
            data-testid="convert-company"
          />
          {companyName ? `Create or link the company “${companyName}”` : 'No company name on this lead'}
        </label>
        <label className="check-row">
          <input type="checkbox" checked={createDeal} onChange={(e) => setCreateDeal(e.target.checked)} data-testid="convert-opportunity" />
          Create an opportunity
        </label>
        {createDeal && (
          <div className="form-grid nested">
            <div className={fieldError('name') ? 'field span-2 has-error' : 'field span-2'}>
              <label htmlFor="deal-name">Opportunity name</label>
              <input id="deal-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="deal-name" />
              {fieldError('name') && <div className="field-error">{fieldError('name')}</div>}
            </div>
            <div className={fieldError('amount') ? 'field has-error' : 'field'}>
              <label htmlFor="deal-amount">Amount</label>
              <input id="deal-amount" type="number" min={0} step={0.01} value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="deal-amount" />
              {fieldError('amount') && (
                <div className="field-error" data-testid="field-error-amount">
                  {fieldError('amount')}
                </div>
              )}
            </div>
            <div className={fieldError('close_date') ? 'field has-error' : 'field'}>
              <label htmlFor="deal-close">Expected close date</label>
              <input id="deal-close" type="date" value={closeDate} onChange={(e) => setCloseDate(e.target.value)} data-testid="deal-close-date" />
              {fieldError('close_date') && <div className="field-error">{fieldError('close_date')}</div>}
            </div>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="convert-submit">
            {busy ? 'Converting…' : 'Convert lead'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
