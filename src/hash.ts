/**
 * Hashes, HMACs and random bytes through Bun's own hasher and the Web Crypto global, never
 * `node:crypto`: importing that module alone costs ~4.6 MiB of resident memory in every process
 * (measured on a compiled hello world: 17.8 → 22.3 MiB) for what these already do natively.
 */
export function sha256(data: string | Uint8Array): Buffer {
  return new Bun.CryptoHasher("sha256").update(data).digest();
}

export function sha256Text(data: string | Uint8Array, encoding: "hex" | "base64url" = "hex"): string {
  return new Bun.CryptoHasher("sha256").update(data).digest(encoding);
}

export function hmacSha256Hex(key: string, data: string | Uint8Array): string {
  return new Bun.CryptoHasher("sha256", key).update(data).digest("hex");
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}

/** Compares in time that does not depend on where the inputs differ; false for different lengths. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
