import { useState } from 'react';
import { Icon } from '../../app/Icon';
import { RESOURCE_NAMES, RESOURCES } from '../records/record-resources';

const MODELS = RESOURCE_NAMES.map((n) => RESOURCES[n]);

export function ChooseFileStep({ onChosen }: { onChosen: (model: string, fileName: string, text: string) => void }) {
  const [model, setModel] = useState('lead');
  const [error, setError] = useState<string | undefined>();

  async function read(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    if (!text.trim()) {
      setError(`“${file.name}” is empty.`);
      return;
    }
    setError(undefined);
    onChosen(model, file.name, text);
  }

  return (
    <div className="import-step" data-testid="import-choose">
      <div className="field">
        <label htmlFor="import-model">Import into</label>
        <select id="import-model" value={model} onChange={(e) => setModel(e.target.value)} data-testid="import-model">
          {MODELS.map((m) => (
            <option key={m.name} value={m.entity.name}>
              {m.title}
            </option>
          ))}
        </select>
      </div>
      <label
        className="drop-zone"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void read(e.dataTransfer.files[0]);
        }}
      >
        <Icon name="upload" size={28} />
        <strong>Choose a CSV file</strong>
        <span className="muted">or drop it here. The first row must name the columns.</span>
        <input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => void read(e.target.files?.[0])} data-testid="import-file" />
      </label>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
