declare module "*.sql" {
  const text: string;
  export default text;
}

// Imported `with { type: "file" }`: Bun gives a path that also works inside the compiled binary.
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const path: string;
  export default path;
}

// Imported `with { type: "text" }`: generated data read as a string and parsed on first use.
declare module "*.txt" {
  const text: string;
  export default text;
}
