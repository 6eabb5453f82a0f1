/** How a person settled a kept conflict: `restored` the losing value, or `dismissed` it. */
export const sql = `
ALTER TABLE record_conflicts ADD COLUMN resolution TEXT;
ALTER TABLE record_conflicts ADD COLUMN resolved_by TEXT;
CREATE INDEX record_conflicts_open ON record_conflicts(detected_at) WHERE resolved_at IS NULL;
`;
