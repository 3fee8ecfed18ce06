import type { ReactNode } from 'react';

/**
 * A table of the admin pages, whose rows the caller renders. The caption is for screen readers (the
 * section heading names the table on screen); the last column holds each row's actions and its
 * heading is hidden. On a phone admin.css stacks each row, labelling cells by their data-label.
 */
export function AdminTable({ testId, caption, columns, children }: { testId: string; caption: string; columns: string[]; children: ReactNode }) {
  return (
    <table className="admin-table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
