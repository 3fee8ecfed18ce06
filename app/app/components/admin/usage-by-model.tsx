import { formatCost } from '../../lib/ai-usage-format';

const numbers = new Intl.NumberFormat('en');

export interface ModelUsageRow {
  plugin: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
}

/** This month's tokens and cost per provider plugin and model (prices from the operator's MIRAI_AI_PRICES). */
export function UsageByModel({ models, currency, cost }: { models: ModelUsageRow[]; currency: string; cost: number | null }) {
  if (models.length === 0)
    return <p data-testid="usage-by-model">No model has been used this month. The offline converter is free and not listed.</p>;
  return (
    <table className="admin-table" data-testid="usage-by-model">
      <caption className="visually-hidden">AI usage by provider and model</caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Model</th>
          <th scope="col">Input tokens</th>
          <th scope="col">Output tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {models.map((row) => (
          <tr key={`${row.plugin}/${row.model}`}>
            <td>{row.plugin}</td>
            <td>{row.model}</td>
            <td>{numbers.format(row.inputTokens)}</td>
            <td>{numbers.format(row.outputTokens)}</td>
            <td>{formatCost(row.cost, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={4}>
            Total of priced models
          </th>
          <td>{formatCost(cost, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
