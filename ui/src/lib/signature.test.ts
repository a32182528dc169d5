// The in-browser verifier against the advisor's committed test vectors
// (packages/advisor/tests/vectors): each verifies as committed, and fails with
// any single byte of payload, signature or key flipped.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBase64, payloadDigest, toHex, verifyPayloadSignature } from "./signature";
import type { KeyAlgorithm } from "../contracts/StewardOracle.types";

interface Vector {
  algorithm: KeyAlgorithm;
  key_id: string;
  public_key: string;
  payload: string;
  digest: string;
  signature: string;
}

const dir = join(__dirname, "../../../packages/advisor/tests/vectors");
const vectors: [string, Vector][] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8")) as Vector]);

// The flipping tests verify once per byte (a payload is about a thousand):
// seconds of work on a loaded 2-core machine, past Vitest's 5 s default. This
// is the harness's guard against a hang, not a measurement.
const EXHAUSTIVE_MS = 60_000;

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] ^= 0x01;
  return copy;
}

describe("advisor test vectors", () => {
  it("covers both algorithms", () => {
    expect(vectors.map(([, v]) => v.algorithm).sort()).toEqual(["ed25519", "secp256k1"]);
  });

  for (const [file, v] of vectors) {
    const payload = new TextEncoder().encode(v.payload);
    const key = fromBase64(v.public_key);
    const sig = fromBase64(v.signature);

    it(`${file}: the digest is sha256 of the payload bytes`, () => {
      expect(toHex(payloadDigest(payload))).toBe(v.digest);
    });

    it(`${file}: the committed signature verifies`, () => {
      expect(verifyPayloadSignature(v.algorithm, key, payload, sig)).toBe(true);
    });

    it(`${file}: every payload byte flipped fails`, () => {
      const failures = Array.from(payload, (_, i) => verifyPayloadSignature(v.algorithm, key, flipped(payload, i), sig));
      expect(failures.filter(Boolean)).toHaveLength(0);
    }, EXHAUSTIVE_MS);

    it(`${file}: every signature byte flipped fails`, () => {
      const failures = Array.from(sig, (_, i) => verifyPayloadSignature(v.algorithm, key, payload, flipped(sig, i)));
      expect(failures.filter(Boolean)).toHaveLength(0);
    }, EXHAUSTIVE_MS);

    it(`${file}: every public key byte flipped fails`, () => {
      const failures = Array.from(key, (_, i) => verifyPayloadSignature(v.algorithm, flipped(key, i), payload, sig));
      expect(failures.filter(Boolean)).toHaveLength(0);
    }, EXHAUSTIVE_MS);

    it(`${file}: the other algorithm does not accept it`, () => {
      const other: KeyAlgorithm = v.algorithm === "secp256k1" ? "ed25519" : "secp256k1";
      expect(verifyPayloadSignature(other, key, payload, sig)).toBe(false);
    });

    it(`${file}: a truncated signature fails`, () => {
      expect(verifyPayloadSignature(v.algorithm, key, payload, sig.slice(0, 63))).toBe(false);
    });
  }
});
