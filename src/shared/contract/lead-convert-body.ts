/** The body of `leads.convert`, `as const` so the handler's input type derives from it. */
export const LEAD_CONVERT_BODY = {
  type: 'object',
  properties: {
    create_company: { type: 'boolean', description: 'Default true when the lead has a company name' },
    create_opportunity: { type: 'boolean', description: 'Default false' },
    opportunity: {
      type: 'object',
      properties: { name: { type: 'string' }, amount: { type: 'number' }, close_date: { type: 'string', format: 'date' }, stage: { type: 'string' } },
    },
  },
} as const;
