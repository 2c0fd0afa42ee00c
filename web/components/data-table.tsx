import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { registerRowNavigator } from "../app/keyboard.ts";
import { Icon } from "./icon.tsx";
import { Skeleton } from "./skeleton.tsx";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ComponentChildren;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The header becomes a sort button; the parent sorts (usually through the URL). */
  sortable?: boolean;
  width?: string;
  /** Extra class on the header and cells, e.g. to hide a column on narrow screens. */
  class?: string;
}

export interface Sort {
  key: string;
  direction: "asc" | "desc";
}

export interface DataTableProps<Row> {
  label: string;
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string | number;
  loading?: boolean;
  /** Rows of skeleton shown while loading, so nothing jumps when data arrives. */
  skeletonRows?: number;
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  /** Row selection with checkboxes; shift-click selects a range. */
  selected?: ReadonlySet<string | number>;
  onSelect?: (selected: Set<string | number>) => void;
  /** Enter (or a click on the row) opens it. */
  onOpen?: (row: Row) => void;
  empty?: ComponentChildren;
}

function cellClass(column: Pick<Column<never>, "numeric" | "class">): string | undefined {
  return [column.numeric ? "num" : "", column.class ?? ""].filter(Boolean).join(" ") || undefined;
}

/** A dense table with a sticky header, sortable columns, selection and j/k/Enter navigation. */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, rows, rowKey, loading, sort, onSort, selected, onSelect, onOpen } = props;
  const [active, setActive] = useState(-1);
  const anchor = useRef<number | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const state = useRef({ rows, active, onOpen });
  state.current = { rows, active, onOpen };

  useEffect(
    () =>
      registerRowNavigator({
        element: () => body.current,
        count: () => state.current.rows?.length ?? 0,
        active: () => state.current.active,
        activate(index) {
          // Kept at once too: the next key may come before the render.
          state.current.active = index;
          setActive(index);
          if (index >= 0) body.current?.children[index]?.scrollIntoView({ block: "nearest" });
        },
        open() {
          const row = state.current.rows?.[state.current.active];
          if (row !== undefined) state.current.onOpen?.(row);
        },
      }),
    [],
  );
  // A new list (other rows, not merely a new array of the same rows) starts without an active row
  // or shift-click anchor, and the selection keeps only rows still shown: rows a filter, a page or a
  // live update took away must not ride along, unseen, into a bulk action.
  const identity = rows?.map((r) => rowKey(r)).join("\u0000");
  useEffect(() => {
    setActive(-1);
    anchor.current = null;
    if (!rows || !selected || !onSelect) return;
    const shown = new Set(rows.map((r) => rowKey(r)));
    const kept = [...selected].filter((key) => shown.has(key));
    if (kept.length < selected.size) onSelect(new Set(kept));
  }, [identity]);

  const toggle = (index: number, shift: boolean) => {
    if (!rows || !selected || !onSelect) return;
    const next = new Set(selected);
    const key = rowKey(rows[index]!);
    const on = !selected.has(key);
    if (shift && anchor.current !== null) {
      const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      for (let i = from; i <= to; i++) {
        const k = rowKey(rows[i]!);
        if (on) next.add(k);
        else next.delete(k);
      }
    } else if (on) next.add(key);
    else next.delete(key);
    anchor.current = index;
    onSelect(next);
  };
  const allSelected = !!rows?.length && !!selected && rows.every((r) => selected.has(rowKey(r)));
  const selectable = !!selected && !!onSelect;

  const header = (column: Column<Row>) => {
    const sorted = sort?.key === column.key ? sort.direction : undefined;
    const ariaSort = sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined;
    return (
      <th
        key={column.key}
        scope="col"
        class={cellClass(column)}
        style={column.width ? { width: column.width } : undefined}
        aria-sort={column.sortable ? (ariaSort ?? "none") : undefined}
      >
        {column.sortable && onSort ? (
          <button
            type="button"
            class="sort"
            onClick={() => onSort({ key: column.key, direction: sorted === "asc" ? "desc" : "asc" })}
          >
            {column.header}
            {sorted && <Icon name={sorted === "asc" ? "up" : "down"} size={14} />}
          </button>
        ) : (
          column.header
        )}
      </th>
    );
  };

  const showSkeleton = loading && !rows;
  return (
    <div class="table-wrap">
      <table class="table" aria-label={props.label} aria-busy={loading ? "true" : undefined}>
        <thead>
          <tr>
            {selectable && (
              <th class="select" scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all rows"
                  checked={allSelected}
                  onChange={() =>
                    onSelect!(allSelected ? new Set() : new Set((rows ?? []).map((r) => rowKey(r))))
                  }
                />
              </th>
            )}
            {columns.map(header)}
          </tr>
        </thead>
        <tbody ref={body}>
          {showSkeleton &&
            Array.from({ length: props.skeletonRows ?? 8 }, (_, i) => (
              <tr key={`skeleton-${i}`}>
                {selectable && <td />}
                {columns.map((c) => (
                  <td key={c.key} class={cellClass(c)}>
                    <Skeleton width={c.numeric ? "3em" : "80%"} />
                  </td>
                ))}
              </tr>
            ))}
          {rows?.map((row, index) => {
            const key = rowKey(row);
            const isSelected = selected?.has(key) ?? false;
            return (
              <tr
                key={key}
                aria-selected={selectable ? isSelected : undefined}
                data-active={index === active ? "true" : undefined}
                onClick={
                  onOpen
                    ? (e) => {
                        // Clicks on the row's own controls (checkbox, links, buttons) are theirs.
                        if (!(e.target as HTMLElement).closest("input, button, a")) onOpen(row);
                      }
                    : undefined
                }
                style={onOpen ? { cursor: "pointer" } : undefined}
              >
                {selectable && (
                  <td class="select">
                    <input
                      type="checkbox"
                      aria-label={`Select row ${index + 1}`}
                      checked={isSelected}
                      // The box toggles itself as the selection does. Cancelling the click instead
                      // made the browser restore the old state after the render: the clicked box
                      // showed the opposite of the selection.
                      onClick={(e) => toggle(index, e.shiftKey)}
                    />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.key} class={cellClass(c)}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows && rows.length === 0 && props.empty}
    </div>
  );
}
