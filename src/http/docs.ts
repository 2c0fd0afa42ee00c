import { Hono } from "hono";
import swaggerCss from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import swaggerJs from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import { buildInfo } from "../build-info.ts";
import { BROWSER_SECURITY_HEADERS } from "./security-headers.ts";

/** The build in the assets' URLs: a day's cache of them never outlives an upgrade. */
const VERSION = encodeURIComponent(`${buildInfo.version}-${buildInfo.commit}`);

/** API reference UI. Its assets are embedded (the binary carries them), so it works on an offline LAN. */
export function docsRouter(urlBase: string) {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Subhound API</title>
<link rel="stylesheet" href="${urlBase}/docs/swagger-ui.css?v=${VERSION}">
</head>
<body>
<div id="ui"></div>
<script src="${urlBase}/docs/swagger-ui-bundle.js?v=${VERSION}"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "${urlBase}/openapi.json",
  dom_id: "#ui",
  validatorUrl: null,
  deepLinking: true,
  persistAuthorization: true,
});
</script>
</body>
</html>`;
  const asset = (path: string, type: string) => () =>
    new Response(Bun.file(path), {
      headers: {
        "Content-Type": type,
        "Cache-Control": "public, max-age=86400",
        ...BROWSER_SECURITY_HEADERS,
      },
    });
  return (
    new Hono()
      // With `persistAuthorization` the page holds the API key: another site must not frame it and steer clicks.
      .get("/docs", (c) => c.html(page, 200, { "Cache-Control": "no-cache", ...BROWSER_SECURITY_HEADERS }))
      .get("/docs/swagger-ui-bundle.js", asset(swaggerJs, "text/javascript; charset=utf-8"))
      .get("/docs/swagger-ui.css", asset(swaggerCss, "text/css; charset=utf-8"))
  );
}
