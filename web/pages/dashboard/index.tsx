import { useStartScan, useStartSearch } from "../../api/dashboard.ts";
import { Icon } from "../../components/icon.tsx";
import { showToast } from "../../components/toast.tsx";
import { ActivityCard } from "./activity-card.tsx";
import { CountsCard } from "./counts-card.tsx";
import { DownloadsChart } from "./downloads-chart.tsx";
import { FirstRunGuide } from "./first-run.tsx";
import { HealthCard } from "./health-card.tsx";
import { ProvidersCard } from "./providers-card.tsx";
import { RecentDownloads } from "./recent-downloads.tsx";

/** Is everything fine, what is it doing now, what did it get lately. */
export default function DashboardPage() {
  const scan = useStartScan();
  const search = useStartSearch();
  return (
    <div class="page">
      <div class="page-header">
        <h1>Dashboard</h1>
        <div class="page-actions">
          <button
            type="button"
            class="button"
            disabled={scan.isPending}
            onClick={() =>
              scan.mutate(undefined, {
                onSuccess: (r) =>
                  showToast({ kind: "success", title: `Scan ${r.scanId} started (${r.mode})` }),
              })
            }
          >
            <Icon name="scan" />
            Scan now
          </button>
          <button
            type="button"
            class="button primary"
            disabled={search.isPending}
            onClick={() =>
              search.mutate(undefined, {
                onSuccess: (r) =>
                  showToast({
                    kind: "success",
                    title:
                      r.total > 0
                        ? `Searching for ${r.total} ${r.total === 1 ? "item" : "items"}`
                        : "Nothing is due for a search right now",
                  }),
              })
            }
          >
            <Icon name="search" />
            Search now
          </button>
        </div>
      </div>
      <FirstRunGuide />
      <div class="grid">
        <CountsCard />
        <ActivityCard />
        <HealthCard />
      </div>
      <DownloadsChart />
      <div class="grid">
        <RecentDownloads />
        <ProvidersCard />
      </div>
    </div>
  );
}
