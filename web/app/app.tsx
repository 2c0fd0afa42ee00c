import { QueryClientProvider, useQueryClient } from "@tanstack/preact-query";
import { useEffect, useState } from "preact/hooks";
import { Route, Router, Switch } from "wouter-preact";
import { useAuthState } from "../api/auth.ts";
import { urlBase } from "../api/client.ts";
import { connectLiveEvents } from "../api/events.ts";
import { createQueryClient } from "../api/query-client.ts";
import { ToastViewport } from "../components/toast.tsx";
import { LoginPage } from "../pages/login/login-page.tsx";
import { NotFoundPage } from "../pages/not-found/not-found-page.tsx";
import { installFocusRescue } from "./focus-rescue.ts";
import { installShortcuts } from "./keyboard.ts";
import { Layout } from "./layout.tsx";
import { LazyPage } from "./lazy-page.tsx";
import { routes } from "./routes.ts";

/** Signed in: one live-event connection for the whole app, closed on sign-out. */
function LiveEvents() {
  const client = useQueryClient();
  useEffect(() => connectLiveEvents(client), [client]);
  return null;
}

function Gate() {
  const auth = useAuthState();
  useEffect(() => installShortcuts(), []);
  useEffect(() => installFocusRescue(), []);
  if (auth.isPending)
    return (
      <div class="auth-screen" aria-busy="true">
        <span class="muted">Loading…</span>
      </div>
    );
  if (auth.isError || !auth.data)
    return (
      <div class="auth-screen">
        <div class="card auth-card" role="alert">
          <h1>Subhound is not answering</h1>
          <p class="muted">{auth.error?.message ?? "No answer"}</p>
          <button type="button" class="button primary" onClick={() => auth.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  if (auth.data.setupRequired || !auth.data.authenticated)
    return <LoginPage setup={auth.data.setupRequired} />;
  return (
    <Layout auth={auth.data}>
      <LiveEvents />
      <Switch>
        {routes.map((route) => (
          <Route key={route.path} path={route.path}>
            {(params) => <LazyPage route={route} params={params} />}
          </Route>
        ))}
        <Route>
          <NotFoundPage />
        </Route>
      </Switch>
    </Layout>
  );
}

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Router base={urlBase}>
        <Gate />
      </Router>
      <ToastViewport />
    </QueryClientProvider>
  );
}
