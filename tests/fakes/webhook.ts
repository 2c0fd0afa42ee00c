/** A generic webhook receiver: records what arrives and answers 200 (`injectFailures` for errors). */
import { json, startFakeService } from "./fake-service.ts";

export function startFakeWebhookReceiver() {
  return startFakeService({
    headers: ["x-subhound-event", "x-subhound-signature", "x-custom-auth"],
    route: ({ req }) =>
      req.method === "POST" ? json({ received: true }) : json({ error: "POST only" }, 405),
  });
}
