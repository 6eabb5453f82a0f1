/**
 * Indexes for the reads a dashboard makes over a large store (measured over 1M activities,
 * 50k opportunities, 20k companies): deals closed in a period by stage (the closing day is the
 * actual one when known), activities of one type in a period (goals), and companies by place
 * (the map). Each is partial on live rows like the list indexes.
 */
export const sql = `
CREATE INDEX opportunities_stage_closed_on ON opportunities(stage, coalesce(actual_close_date, close_date)) WHERE deleted_at IS NULL;
CREATE INDEX activities_type_occurred ON activities(activity_type, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX companies_place ON companies(country, city) WHERE deleted_at IS NULL;
`;
