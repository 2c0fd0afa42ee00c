/** What a connection Test answered, in the card that ran it. */
export function TestLine({ result }: { result: { ok: boolean; message: string } }) {
  return (
    <div class="test-result" data-ok={result.ok} role="status">
      <p>
        <strong>{result.ok ? "Connected" : "Failed"}:</strong> {result.message}
      </p>
    </div>
  );
}
