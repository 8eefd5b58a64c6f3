import {html} from "htl";
import {formatInteger, formatP, formatPercent} from "./format.js";
import {segmentNames} from "./segments.js";

/** What a country's mix was compared with, in words. */
export function referenceName(country) {
  return country.reference === "others" ? "the other countries" : "the whole base";
}

/**
 * The short answer to the seed's question, from data/site/countries.json: how many countries' segment mixes differ
 * noticeably from the rest of the base, which differ most and how, and how many are too small to tell.
 */
export function CountryAnswer(comparison, segments) {
  const {answer, rules, countries} = comparison;
  const name = segmentNames(segments);
  const byCode = new Map(countries.map((c) => [c.code, c]));
  const link = (country) => html`<a href=${`./countries/${country.slug}`}>${country.name}</a>`;
  const plural = (n, one, many) => `${formatInteger(n)} ${n === 1 ? one : many}`;
  const criterion =
    `at least ${formatPercent(rules.threshold, 0)} of a country's customers would have to change segment to match ` +
    `the other countries' mix (total variation distance ≥ ${rules.threshold}), and chance does not explain it ` +
    `(χ² test, p < ${rules.alpha})`;
  const distinctive = answer.distinctive.map((code) => byCode.get(code));
  const judged = answer.compared === 1 ? "the one country" : `the ${formatInteger(answer.compared)} countries`;

  let verdict;
  if (answer.compared === 0) {
    verdict = html`<p>
      <strong>Too early to tell.</strong> No country has ${rules.minCustomers} or more clustered customers, so no
      country's mix can be told apart from chance.
    </p>`;
  } else if (distinctive.length === 0 && answer.compared === 1) {
    const only = countries.find((c) => c.verdict !== "too-small");
    verdict = html`<p>
      <strong>No: the segments, not the countries, should shape the relationship.</strong> The only country large enough
      to judge, ${link(only)}, has a segment mix close to that of ${referenceName(only)} (distance
      ${only.tvd.toFixed(2)}${only.pValue === null ? "" : `, χ² p ${formatP(only.pValue)}`}; a country has a mix of its
      own when ${criterion}).
    </p>`;
  } else if (distinctive.length === 0) {
    verdict = html`<p>
      <strong>No: the segments, not the countries, should shape the relationship.</strong> Among ${judged} large enough
      to judge, none has a segment mix that differs noticeably from the others' (${criterion}).
    </p>`;
  } else {
    const rest = answer.compared - distinctive.length;
    verdict = html`<p>
      <strong>${rest === 0 ? "Yes" : "Partly"}:</strong> ${formatInteger(distinctive.length)} of ${judged} large enough
      to judge ${distinctive.length === 1 ? "has" : "have"} a segment mix of
      ${distinctive.length === 1 ? "its" : "their"} own: ${criterion}.
      ${rest ? `The other ${plural(rest, "country follows", "countries follow")} the common mix, so the segment plan alone serves ${rest === 1 ? "it" : "them"}.` : ""}
    </p>`;
  }
  const details = distinctive.length
    ? html`<p>Most distinctive:</p>
        <ul>
          ${distinctive.slice(0, 3).map((c) => {
            const traits = [
              c.over.length ? `more ${c.over.map(name).join(", ")}` : null,
              c.under.length ? `fewer ${c.under.map(name).join(", ")}` : null
            ].filter(Boolean);
            return html`<li>
              ${link(c)}: distance
              ${c.tvd.toFixed(2)}${traits.length ? ` — ${traits.join("; ")} than ${referenceName(c)}` : ""}.
            </li>`;
          })}
        </ul>`
    : null;
  const small = answer.tooSmall.length
    ? html`<p>
        ${plural(answer.tooSmall.length, "country has", "countries have")} fewer than ${rules.minCustomers} clustered
        customers (${formatPercent(answer.tooSmallShare)} of all customers together): too small to tell; their customers
        are best served by the segment plan.
      </p>`
    : null;
  return html`<div class="answer">${verdict}${details}${small}</div>`;
}
