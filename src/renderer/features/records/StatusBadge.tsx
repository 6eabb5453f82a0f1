/** Colour families for enum values; anything unlisted is neutral. */
const TONES: Record<string, 'blue' | 'green' | 'amber' | 'red' | 'violet'> = {
  new: 'blue',
  contacted: 'violet',
  qualified: 'green',
  unqualified: 'red',
  converted: 'green',
  lost: 'red',
  low: 'blue',
  medium: 'amber',
  high: 'red',
  urgent: 'red',
  prospecting: 'blue',
  qualification: 'violet',
  proposal: 'amber',
  negotiation: 'amber',
  closed_won: 'green',
  closed_lost: 'red',
  pending: 'amber',
  in_progress: 'blue',
  completed: 'green',
  cancelled: 'red',
  call: 'blue',
  email: 'violet',
  meeting: 'green',
  note: 'amber',
  sms: 'blue',
};

export function StatusBadge({ value }: { value: string }) {
  const tone = TONES[value] ?? 'neutral';
  return <span className={`badge badge-${tone}`}>{value.replace(/_/g, ' ')}</span>;
}
