// The few statistics the report needs to say whether a country's segment mix differs from the base by more than
// chance: a chi-square goodness-of-fit p-value and a rounding helper. Written out because the site's data files
// must not depend on a statistics package's version for their bytes.

/** P(X ≥ x) for X ~ χ²(df): the p-value of a chi-square statistic. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new Error(`invalid degrees of freedom: ${df}; expected a number > 0`);
  if (Number.isNaN(x)) throw new Error(`invalid chi-square statistic: ${x}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * The chi-square goodness-of-fit statistic of observed counts against expected proportions; categories with an
 * expected proportion of zero are skipped (nothing can be expected of them). Returns the statistic and its degrees
 * of freedom (categories compared minus one).
 */
export function chiSquareStatistic(observed: number[], expected: number[]): {statistic: number; df: number} {
  if (observed.length !== expected.length) {
    throw new Error(`chi-square: ${observed.length} observed counts for ${expected.length} expected proportions`);
  }
  const n = observed.reduce((total, value) => total + value, 0);
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < observed.length; i++) {
    if (!(expected[i] > 0)) continue;
    const e = n * expected[i];
    statistic += (observed[i] - e) ** 2 / e;
    categories++;
  }
  return {statistic, df: Math.max(categories - 1, 0)};
}

/**
 * The chi-square statistic of homogeneity of two count vectors (a 2 × k table): do both come from one mix?
 * Categories empty in both are skipped. Degrees of freedom: categories compared minus one.
 */
export function chiSquareHomogeneity(a: number[], b: number[]): {statistic: number; df: number} {
  if (a.length !== b.length) throw new Error(`chi-square: ${a.length} counts against ${b.length}`);
  const na = a.reduce((total, value) => total + value, 0);
  const nb = b.reduce((total, value) => total + value, 0);
  const n = na + nb;
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < a.length; i++) {
    const column = a[i] + b[i];
    if (column === 0) continue;
    categories++;
    const ea = (na * column) / n;
    const eb = (nb * column) / n;
    if (ea > 0) statistic += (a[i] - ea) ** 2 / ea;
    if (eb > 0) statistic += (b[i] - eb) ** 2 / eb;
  }
  return {statistic, df: na > 0 && nb > 0 ? Math.max(categories - 1, 0) : 0};
}

/** Rounds to a fixed number of decimals; -0 becomes 0 so that JSON never shows it. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor + 0;
}

/** Rounds to significant digits, for p-values that span many orders of magnitude. */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

/** Code-unit order, the same on every machine and locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const epsilon = 1e-14;
const tiny = 1e-300;

function regularizedGammaQ(a: number, x: number): number {
  if (x < a + 1) return Math.max(0, 1 - gammaSeries(a, x));
  return gammaContinuedFraction(a, x);
}

// P(a, x) by its series, which converges fast for x < a + 1.
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * epsilon) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

// Q(a, x) by Lentz's continued fraction, which converges fast for x ≥ a + 1.
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

// Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for positive arguments.
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const w = z - 1;
  let x = lanczos[0];
  for (let i = 1; i < lanczos.length; i++) x += lanczos[i] / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(x);
}
