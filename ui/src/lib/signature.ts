// Checks an advisor's signature in the browser, the way the oracle does: over
// sha256(payload bytes), secp256k1 (64-byte r‖s, high-S accepted, as
// cosmwasm's secp256k1_verify does) or ed25519 (the digest is the message).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { KeyAlgorithm } from "../contracts/StewardOracle.types";

export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function payloadDigest(payload: Uint8Array): Uint8Array {
  return sha256(payload);
}

/** Whether `signature` is `publicKey`'s signature over sha256(`payload`). */
export function verifyPayloadSignature(
  algorithm: KeyAlgorithm,
  publicKey: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  const digest = payloadDigest(payload);
  try {
    if (algorithm === "secp256k1") {
      return secp256k1.verify(signature, digest, publicKey, { prehash: false, lowS: false, format: "compact" });
    }
    return ed25519.verify(signature, digest, publicKey);
  } catch {
    // A malformed key or signature is a failed check, not a crash.
    return false;
  }
}
