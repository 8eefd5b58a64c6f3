import {createHmac} from "node:crypto";
import {SettingsError} from "./settings.ts";

export const pseudonymKeyVariable = "SEGMENT_PSEUDONYM_KEY";
const minimumKeyLength = 16;

/**
 * Replaces customer ids by a keyed hash (HMAC-SHA256, 64 bits shown), so that an internal site can be published
 * without raw ids while every page and download still agrees on who is who. Without the key the ids cannot be
 * recomputed from a guess, which a plain hash of a short numeric id would allow.
 */
export function createPseudonymizer(key: string | undefined): (id: string) => string {
  if (key === undefined || key.length < minimumKeyLength) {
    throw new SettingsError(
      `invalid ${pseudonymKeyVariable}: ${key === undefined ? "not set" : `${key.length} characters`}; expected a secret of at least ${minimumKeyLength} characters when pseudonymize is on`
    );
  }
  return (id) => `c-${createHmac("sha256", key).update(id).digest("hex").slice(0, 16)}`;
}
