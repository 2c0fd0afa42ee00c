export interface Chip<T extends string> {
  value: T;
  label: string;
  count?: number;
}

/** Toggle buttons above a table; `selected` is what the URL carries. */
export function FilterChips<T extends string>({
  label,
  chips,
  selected,
  onToggle,
}: {
  label: string;
  chips: Chip<T>[];
  selected: readonly T[];
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset class="chips">
      <legend class="visually-hidden">{label}</legend>
      {chips.map((chip) => (
        <button
          key={chip.value}
          type="button"
          class="chip"
          aria-pressed={selected.includes(chip.value)}
          onClick={() => onToggle(chip.value)}
        >
          {chip.label}
          {chip.count !== undefined && <span class="muted">{chip.count}</span>}
        </button>
      ))}
    </fieldset>
  );
}
