// Imported `with { type: "file" }`: Bun gives a path that also works inside the compiled binary.
declare module "node-unrar-js/esm/js/unrar.wasm" {
  const path: string;
  export default path;
}
declare module "7z-wasm/7zz.wasm" {
  const path: string;
  export default path;
}
