/**
 * Reads a plain decimal number: optional sign, digits, optional fraction after `decimalMark`. Anything else
 * (thousands separators, currency symbols, exponents, NaN, Infinity, blanks) gives NaN, so that the line is
 * counted under an "unparsable" reason rather than read as a wrong value.
 */
export function parseDecimal(text: string, decimalMark: "." | "," = "."): number {
  const n = text.length;
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) i = 1;
  let digits = 0;
  let mark = -1;
  const markCode = decimalMark.charCodeAt(0);
  for (; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === markCode && mark === -1) mark = i;
    else return NaN;
  }
  if (digits === 0 || mark === n - 1) return NaN;
  const value = Number(mark === -1 || decimalMark === "." ? text : `${text.slice(0, mark)}.${text.slice(mark + 1)}`);
  return Number.isFinite(value) ? value : NaN;
}
