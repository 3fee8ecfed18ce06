/** Cost in the price table's currency: cents for ordinary sums, two significant digits below a cent. */
export function formatCost(value: number | null, currency: string): string {
  if (value === null) return 'no price set';
  const small = value > 0 && value < 0.01;
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    ...(small ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(value);
}

/** What the author of a plugin's settings reads after saving: the save, then what testing the key showed. */
export function savedSettingsMessage(plugin: string, enabled: boolean, keyCheck: { ok: boolean; message: string } | undefined): string {
  const saved = `Settings saved. ${plugin} is ${enabled ? 'enabled' : 'disabled'}.`;
  if (keyCheck === undefined) return saved;
  return keyCheck.ok
    ? `${saved} The key was tested and works: ${keyCheck.message}.`
    : `${saved} The key was tested and did not work: ${keyCheck.message}. Check the key, endpoint and model, then save again.`;
}
