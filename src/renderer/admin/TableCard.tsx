import type { ReactNode } from 'react';

/**
 * The admin screen's tables share one frame: a card titled by its heading, a scrolling wrapper,
 * one header row of column headings, and a placeholder row when there is nothing to show.
 */
export function TableCard(props: {
  headingId: string;
  title: string;
  /** Beside the heading: a description or filters. */
  aside?: ReactNode;
  testId: string;
  className?: string;
  columns: ReactNode[];
  /** Shown across all columns when `isEmpty`. */
  emptyText?: string;
  isEmpty?: boolean;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={props.headingId}>
      <div className="card-head">
        <h2 id={props.headingId}>{props.title}</h2>
        {props.aside}
      </div>
      <div className="table-wrap">
        <table className={`data ${props.className ?? ''}`.trim()} data-testid={props.testId}>
          <thead>
            <tr>
              {props.columns.map((column, i) => (
                <th key={i} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.isEmpty && (
              <tr>
                <td colSpan={props.columns.length} className="muted">
                  {props.emptyText}
                </td>
              </tr>
            )}
            {props.children}
          </tbody>
        </table>
      </div>
    </section>
  );
}
