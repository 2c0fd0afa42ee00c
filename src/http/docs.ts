import { Hono } from "hono";
import swaggerCss from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import swaggerJs from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };

/** API reference UI. Its assets are embedded (the binary carries them), so it works on an offline LAN. */
export function docsRouter(urlBase: string) {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Subhound API</title>
<link rel="stylesheet" href="${urlBase}/docs/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="${urlBase}/docs/swagger-ui-bundle.js"></script>
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
      headers: { "Content-Type": type, "Cache-Control": "public, max-age=86400" },
    });
  return new Hono()
    .get("/docs", (c) => c.html(page))
    .get("/docs/swagger-ui-bundle.js", asset(swaggerJs, "text/javascript; charset=utf-8"))
    .get("/docs/swagger-ui.css", asset(swaggerCss, "text/css; charset=utf-8"));
}
