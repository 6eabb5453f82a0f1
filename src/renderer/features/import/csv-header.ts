import type { EntityDef } from '../../../shared/entities/field-def';

/** The first record of a CSV text (RFC 4180 quoting), i.e. its column names. */
export function csvHeader(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  cells.push(cell.trim());
  return cells.map((c) => c.replace(/^\uFEFF/, ''));
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column -> field by name or label, any case and punctuation ("First Name" -> first_name). */
export function autoMapping(columns: string[], entity: EntityDef): Record<string, string> {
  const fields = Object.entries(entity.fields).filter(([, d]) => !d.readOnly);
  const out: Record<string, string> = {};
  for (const column of columns) {
    const n = norm(column);
    const match = fields.find(([name, def]) => norm(name) === n || norm(def.label) === n);
    out[column] = match?.[0] ?? (n === 'id' ? 'id' : '');
  }
  return out;
}
