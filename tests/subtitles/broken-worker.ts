// A worker that dies on its first job: stands in for a crash inside a WASM archive library.
declare const self: Worker;
self.onmessage = () => {
  throw new Error("boom");
};
