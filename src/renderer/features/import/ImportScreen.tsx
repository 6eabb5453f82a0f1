import { useState } from 'react';
import type { ApiError } from '../../api/api-error';
import { entityByName } from '../../../shared/entities/entities';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { ChooseFileStep } from './ChooseFileStep';
import { autoMapping, csvHeader } from './csv-header';
import type { DryRunResult, ImportJob, MatchOn } from './import-types';
import { ImportProgress } from './ImportProgress';
import { MappingStep } from './MappingStep';
import { DryRunSummary } from './DryRunSummary';
import { useImportJob } from './use-import-job';

type Step = 'choose' | 'map' | 'review' | 'run';
const STEPS: { id: Step; label: string }[] = [
  { id: 'choose', label: 'Choose file' },
  { id: 'map', label: 'Map columns' },
  { id: 'review', label: 'Check' },
  { id: 'run', label: 'Import' },
];

/** CSV import: file -> column mapping -> dry run -> import with progress -> undo. */
export function ImportScreen() {
  const api = useApi();
  const [step, setStep] = useState<Step>('choose');
  const [file, setFile] = useState<{ model: string; name: string; text: string; columns: string[] } | undefined>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [matchOn, setMatchOn] = useState<MatchOn>(null);
  const [dryRun, setDryRun] = useState<DryRunResult | undefined>();
  const [started, setStarted] = useState<ImportJob | undefined>();
  const [job, setJob] = useImportJob(started);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const entity = file ? entityByName(file.model) : undefined;

  async function send(dry: boolean) {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { model: file.model, csv: file.text, mapping, dry_run: dry, match_on: matchOn };
      if (dry) {
        // A dry run answers with the preview, a real import with the started job.
        setDryRun((await api.call('imports.create', { body })) as DryRunResult);
        setStep('review');
      } else {
        setStarted((await api.call('imports.create', { body })) as ImportJob);
        setStep('run');
      }
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function undo() {
    if (!job) return;
    setBusy(true);
    try {
      setJob(await api.call('imports.undo', { params: { id: job.id } }));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const reset = () => {
    setStep('choose');
    setFile(undefined);
    setDryRun(undefined);
    setStarted(undefined);
    setError(undefined);
  };

  return (
    <div className="stack narrow">
      <section className="page-header">
        <div>
          <h2>Import</h2>
          <p className="muted">Bring leads, contacts, companies, deals or tasks in from a spreadsheet.</p>
        </div>
      </section>
      <ol className="steps" aria-label="Import steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            className={s.id === step ? 'current' : STEPS.findIndex((x) => x.id === step) > i ? 'done' : undefined}
            aria-current={s.id === step ? 'step' : undefined}
          >
            <span className="step-number">{i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <div className="card pad-lg">
        {file && step !== 'choose' && (
          <p className="muted file-line">
            <strong>{file.name}</strong> → {entity?.label ?? file.model} · {file.columns.length} columns
          </p>
        )}
        <ErrorBanner error={error} testId="import-error" />
        {step === 'choose' && (
          <ChooseFileStep
            onChosen={(model, name, text) => {
              const columns = csvHeader(text);
              const e = entityByName(model);
              setFile({ model, name, text, columns });
              setMapping(e ? autoMapping(columns, e) : {});
              setMatchOn(null);
              setStep('map');
            }}
          />
        )}
        {step === 'map' && entity && file && (
          <>
            <MappingStep entity={entity} columns={file.columns} mapping={mapping} matchOn={matchOn} onMapping={setMapping} onMatchOn={setMatchOn} />
            <div className="form-actions">
              <button type="button" className="button ghost" onClick={reset}>
                Back
              </button>
              <button type="button" className="button primary" disabled={busy} onClick={() => void send(true)} data-testid="import-dry-run">
                {busy ? 'Checking…' : 'Check the file'}
              </button>
            </div>
          </>
        )}
        {step === 'review' && dryRun && (
          <>
            <DryRunSummary result={dryRun} />
            <div className="form-actions">
              <button type="button" className="button ghost" onClick={() => setStep('map')}>
                Change mapping
              </button>
              <button
                type="button"
                className="button primary"
                disabled={busy || dryRun.create + dryRun.update === 0}
                onClick={() => void send(false)}
                data-testid="import-run"
              >
                Import {dryRun.create + dryRun.update} {dryRun.create + dryRun.update === 1 ? 'row' : 'rows'}
              </button>
            </div>
          </>
        )}
        {step === 'run' && job && <ImportProgress job={job} busy={busy} onUndo={() => void undo()} onAnother={reset} />}
      </div>
    </div>
  );
}
