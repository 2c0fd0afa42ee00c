// A worker that never answers: stands in for an extraction that runs forever.
declare const self: Worker;
self.onmessage = () => {};
