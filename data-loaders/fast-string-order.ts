/** Characters compared by radix passes; strings that agree on all of them are ordered by comparison. */
const radixLength = 16;

/**
 * The indices 0..n-1 of `strings` sorted by `strings[i]` as `<` orders them (UTF-16 code units, a prefix before
 * its extensions), ties by index. The same order as `Array.prototype.sort` with a `<` comparator, without its
 * cost: a million ids compared one pair at a time take seconds, mostly waiting for the strings' memory.
 *
 * The first characters of each string are copied once into a typed matrix (code + 1, 0 past the end, so that a
 * prefix sorts first), then sorted by stable counting passes from the last column to the first (LSD radix sort).
 * Runs that agree on every copied character are finished with the comparison. The matrix is stored column by
 * column: a pass reads one column in the order being built, and one column of a million strings (2 MB) stays in
 * the caches where the whole matrix would not.
 */
export function stringOrder(strings: ArrayLike<string>): Int32Array {
  // Ids are mostly ASCII: two characters below U+00FF make one digit of 16 bits, which halves the passes. The
  // strings are read once on that bet, and once more in the general way when a character loses it.
  return radixOrder(strings, true) ?? radixOrder(strings, false)!;
}

/** `stringOrder` with two characters a digit (`pair`; null when a character is U+00FF or above) or one. */
function radixOrder(strings: ArrayLike<string>, pair: boolean): Int32Array | null {
  const n = strings.length;
  const stride = pair ? radixLength / 2 : radixLength;
  // Code + 1 fits 16 bits unless a string holds U+FFFF. Digit j of string i is at j * n + i.
  let digits: Digits = new Uint16Array(n * stride);
  const longer = new Uint8Array(n);
  let anyLonger = false;
  let width = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[i];
    const m = Math.min(s.length, radixLength);
    if (s.length > radixLength) {
      longer[i] = 1;
      anyLonger = true;
    }
    if (m > width) width = m;
    for (let j = 0; j < m; j++) {
      const code = s.charCodeAt(j);
      if (pair) {
        if (code >= 0xff) return null;
        digits[(j >> 1) * n + i] |= (code + 1) << (j & 1 ? 0 : 8);
      } else {
        if (code === 0xffff && digits instanceof Uint16Array) digits = Uint32Array.from(digits);
        digits[j * n + i] = code + 1;
      }
    }
  }
  const columns = pair ? Math.ceil(width / 2) : width;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(digits instanceof Uint16Array ? 0x10001 : 0x10002);
  for (let column = columns - 1; column >= 0; column--) {
    counts.fill(0);
    const at = column * n;
    for (let i = 0; i < n; i++) counts[digits[at + i] + 1]++;
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[counts[digits[at + i]]++] = i;
    }
    const swap = order;
    order = next;
    next = swap;
  }
  // Strings that agree on every copied character and are no longer than that are equal, and already in the order
  // of their indices: only longer ones can leave ties to finish.
  if (anyLonger) finishTies(strings, order, digits, columns, longer);
  return order;
}

/** Sorts, by full comparison, each run of `order` whose strings share their `columns` digits. */
function finishTies(
  strings: ArrayLike<string>,
  order: Int32Array,
  digits: Digits,
  columns: number,
  longer: Uint8Array
): void {
  const n = order.length;
  let start = 0;
  // Only strings longer than the copied width can differ past it: a run of shorter ones is of equal strings.
  let anyLonger = n > 0 && longer[order[0]] === 1;
  for (let k = 1; k <= n; k++) {
    if (k < n && sameDigits(digits, columns, n, order[start], order[k])) {
      if (longer[order[k]] === 1) anyLonger = true;
      continue;
    }
    if (anyLonger && k - start > 1) {
      const run = Array.from(order.subarray(start, k)).sort((a, b) => {
        const x = strings[a];
        const y = strings[b];
        return x < y ? -1 : x > y ? 1 : a - b;
      });
      order.set(run, start);
    }
    start = k;
    anyLonger = k < n && longer[order[k]] === 1;
  }
}

type Digits = Uint16Array | Uint32Array;

function sameDigits(digits: Digits, columns: number, n: number, a: number, b: number): boolean {
  for (let at = 0; at < columns * n; at += n) if (digits[at + a] !== digits[at + b]) return false;
  return true;
}
