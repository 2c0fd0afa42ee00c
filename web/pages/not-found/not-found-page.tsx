import { Link } from "wouter-preact";
import { EmptyState } from "../../components/empty-state.tsx";

export function NotFoundPage() {
  return (
    <div class="page">
      <EmptyState title="No page at this address">
        <p>
          The address may be mistyped or from a newer version. <Link href="/">Go to the dashboard</Link>.
        </p>
      </EmptyState>
    </div>
  );
}
