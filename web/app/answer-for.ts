import { useState } from "preact/hooks";

/**
 * A connection test's answer, kept with the inputs it was asked for: once the user edits a URL or a
 * key, the answer to the old ones is no longer shown (a "Failed" under a key already corrected
 * read as if the new key failed too). Returns the answer while the inputs are still the same, a
 * setter for the inputs of this render, and a reset.
 */
export function useAnswerFor<T>(inputs: unknown): [T | null, (answer: T) => void, () => void] {
  const key = JSON.stringify(inputs);
  const [kept, setKept] = useState<{ key: string; answer: T } | null>(null);
  return [
    kept?.key === key ? kept.answer : null,
    (answer: T) => setKept({ key, answer }),
    () => setKept(null),
  ];
}
