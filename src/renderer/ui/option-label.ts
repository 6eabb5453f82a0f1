/** An enum value for people: `closed_won` -> `Closed won`. */
export function optionLabel(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
