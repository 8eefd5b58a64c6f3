// Exports spell one market many ways ("EIRE", "Ireland", "IE", "IRL"); segments and the map need one code per
// country, plus the ISO numeric code because that is the only key world-atlas features carry.

export interface Country {
  /** ISO 3166-1 alpha-2; a user-assigned code (EU, XC, XW, ZZ) for values that are not countries; else the raw value. */
  code: string;
  /** English short name as people say it: "South Korea", not ISO's "Korea, Republic of". */
  name: string;
  /** ISO 3166-1 numeric, zero-padded like world-atlas ids ("036"); null when there is no geometry to join. */
  numeric: string | null;
}

// alpha-2|alpha-3|numeric|display name|aliases…, from ISO 3166-1 as published by Debian's iso-codes 4.15.
// Where ISO's short name is inverted or formal ("Iran, Islamic Republic of"), the display name is the common one and
// ISO's becomes an alias, so that exports written from ISO tables still resolve. The abbreviated names of world-atlas
// (Natural Earth: "Dem. Rep. Congo", "St. Vin. and Gren.") are aliases too, so that its features resolve by name.
// UK and EL are aliases because EU statistics use them for GB and GR.
const ISO_COUNTRIES: readonly string[] = [
  "AD|AND|020|Andorra",
  "AE|ARE|784|United Arab Emirates|UAE",
  "AF|AFG|004|Afghanistan",
  "AG|ATG|028|Antigua and Barbuda|Antigua and Barb.",
  "AI|AIA|660|Anguilla",
  "AL|ALB|008|Albania",
  "AM|ARM|051|Armenia",
  "AO|AGO|024|Angola",
  "AQ|ATA|010|Antarctica",
  "AR|ARG|032|Argentina",
  "AS|ASM|016|American Samoa",
  "AT|AUT|040|Austria",
  "AU|AUS|036|Australia",
  "AW|ABW|533|Aruba",
  "AX|ALA|248|Åland Islands|Åland",
  "AZ|AZE|031|Azerbaijan",
  "BA|BIH|070|Bosnia and Herzegovina|Bosnia|Bosnia and Herz.",
  "BB|BRB|052|Barbados",
  "BD|BGD|050|Bangladesh",
  "BE|BEL|056|Belgium",
  "BF|BFA|854|Burkina Faso",
  "BG|BGR|100|Bulgaria",
  "BH|BHR|048|Bahrain",
  "BI|BDI|108|Burundi",
  "BJ|BEN|204|Benin",
  "BL|BLM|652|Saint Barthélemy|St-Barthélemy|St. Barthélemy",
  "BM|BMU|060|Bermuda",
  "BN|BRN|096|Brunei|Brunei Darussalam",
  "BO|BOL|068|Bolivia|Bolivia, Plurinational State of",
  "BQ|BES|535|Bonaire, Sint Eustatius and Saba|Caribbean Netherlands",
  "BR|BRA|076|Brazil",
  "BS|BHS|044|Bahamas",
  "BT|BTN|064|Bhutan",
  "BV|BVT|074|Bouvet Island",
  "BW|BWA|072|Botswana",
  "BY|BLR|112|Belarus",
  "BZ|BLZ|084|Belize",
  "CA|CAN|124|Canada",
  "CC|CCK|166|Cocos (Keeling) Islands",
  "CD|COD|180|Democratic Republic of the Congo|Congo, The Democratic Republic of the|DR Congo|DRC|Dem. Rep. Congo",
  "CF|CAF|140|Central African Republic|Central African Rep.",
  "CG|COG|178|Congo|Republic of the Congo",
  "CH|CHE|756|Switzerland",
  "CI|CIV|384|Côte d'Ivoire|Ivory Coast",
  "CK|COK|184|Cook Islands|Cook Is.",
  "CL|CHL|152|Chile",
  "CM|CMR|120|Cameroon",
  "CN|CHN|156|China",
  "CO|COL|170|Colombia",
  "CR|CRI|188|Costa Rica",
  "CU|CUB|192|Cuba",
  "CV|CPV|132|Cabo Verde|Cape Verde",
  "CW|CUW|531|Curaçao",
  "CX|CXR|162|Christmas Island",
  "CY|CYP|196|Cyprus",
  "CZ|CZE|203|Czechia|Czech Republic",
  "DE|DEU|276|Germany",
  "DJ|DJI|262|Djibouti",
  "DK|DNK|208|Denmark",
  "DM|DMA|212|Dominica",
  "DO|DOM|214|Dominican Republic|Dominican Rep.",
  "DZ|DZA|012|Algeria",
  "EC|ECU|218|Ecuador",
  "EE|EST|233|Estonia",
  "EG|EGY|818|Egypt",
  "EH|ESH|732|Western Sahara|W. Sahara",
  "ER|ERI|232|Eritrea",
  "ES|ESP|724|Spain",
  "ET|ETH|231|Ethiopia",
  "FI|FIN|246|Finland",
  "FJ|FJI|242|Fiji",
  "FK|FLK|238|Falkland Islands|Falkland Islands (Malvinas)|Falkland Is.",
  "FM|FSM|583|Micronesia|Micronesia, Federated States of|Federated States of Micronesia",
  "FO|FRO|234|Faroe Islands|Faeroe Is.|Faeroe Islands",
  "FR|FRA|250|France",
  "GA|GAB|266|Gabon",
  "GB|GBR|826|United Kingdom|UK|Great Britain|Britain|United Kingdom of Great Britain and Northern Ireland",
  "GD|GRD|308|Grenada",
  "GE|GEO|268|Georgia",
  "GF|GUF|254|French Guiana",
  "GG|GGY|831|Guernsey",
  "GH|GHA|288|Ghana",
  "GI|GIB|292|Gibraltar",
  "GL|GRL|304|Greenland",
  "GM|GMB|270|Gambia",
  "GN|GIN|324|Guinea",
  "GP|GLP|312|Guadeloupe",
  "GQ|GNQ|226|Equatorial Guinea|Eq. Guinea",
  "GR|GRC|300|Greece|EL",
  "GS|SGS|239|South Georgia and the South Sandwich Islands|S. Geo. and the Is.",
  "GT|GTM|320|Guatemala",
  "GU|GUM|316|Guam",
  "GW|GNB|624|Guinea-Bissau",
  "GY|GUY|328|Guyana",
  "HK|HKG|344|Hong Kong|Hong Kong SAR",
  "HM|HMD|334|Heard Island and McDonald Islands|Heard I. and McDonald Is.",
  "HN|HND|340|Honduras",
  "HR|HRV|191|Croatia",
  "HT|HTI|332|Haiti",
  "HU|HUN|348|Hungary",
  "ID|IDN|360|Indonesia",
  "IE|IRL|372|Ireland|EIRE|Republic of Ireland",
  "IL|ISR|376|Israel",
  "IM|IMN|833|Isle of Man",
  "IN|IND|356|India",
  "IO|IOT|086|British Indian Ocean Territory|Br. Indian Ocean Ter.",
  "IQ|IRQ|368|Iraq",
  "IR|IRN|364|Iran|Iran, Islamic Republic of|Islamic Republic of Iran",
  "IS|ISL|352|Iceland",
  "IT|ITA|380|Italy",
  "JE|JEY|832|Jersey",
  "JM|JAM|388|Jamaica",
  "JO|JOR|400|Jordan",
  "JP|JPN|392|Japan",
  "KE|KEN|404|Kenya",
  "KG|KGZ|417|Kyrgyzstan|Kyrgyz Republic",
  "KH|KHM|116|Cambodia",
  "KI|KIR|296|Kiribati",
  "KM|COM|174|Comoros",
  "KN|KNA|659|Saint Kitts and Nevis|St. Kitts and Nevis",
  "KP|PRK|408|North Korea|Korea, Democratic People's Republic of|Democratic People's Republic of Korea|DPRK",
  "KR|KOR|410|South Korea|Korea, Republic of|Korea|Republic of Korea",
  "KW|KWT|414|Kuwait",
  "KY|CYM|136|Cayman Islands|Cayman Is.",
  "KZ|KAZ|398|Kazakhstan",
  "LA|LAO|418|Laos|Lao People's Democratic Republic|Lao PDR",
  "LB|LBN|422|Lebanon",
  "LC|LCA|662|Saint Lucia|St. Lucia",
  "LI|LIE|438|Liechtenstein",
  "LK|LKA|144|Sri Lanka",
  "LR|LBR|430|Liberia",
  "LS|LSO|426|Lesotho",
  "LT|LTU|440|Lithuania",
  "LU|LUX|442|Luxembourg",
  "LV|LVA|428|Latvia",
  "LY|LBY|434|Libya",
  "MA|MAR|504|Morocco",
  "MC|MCO|492|Monaco",
  "MD|MDA|498|Moldova|Moldova, Republic of|Republic of Moldova",
  "ME|MNE|499|Montenegro",
  "MF|MAF|663|Saint Martin|Saint Martin (French part)|St-Martin",
  "MG|MDG|450|Madagascar",
  "MH|MHL|584|Marshall Islands|Marshall Is.",
  "MK|MKD|807|North Macedonia|Macedonia",
  "ML|MLI|466|Mali",
  "MM|MMR|104|Myanmar|Burma",
  "MN|MNG|496|Mongolia",
  "MO|MAC|446|Macao|Macau",
  "MP|MNP|580|Northern Mariana Islands|N. Mariana Is.",
  "MQ|MTQ|474|Martinique",
  "MR|MRT|478|Mauritania",
  "MS|MSR|500|Montserrat",
  "MT|MLT|470|Malta",
  "MU|MUS|480|Mauritius",
  "MV|MDV|462|Maldives",
  "MW|MWI|454|Malawi",
  "MX|MEX|484|Mexico",
  "MY|MYS|458|Malaysia",
  "MZ|MOZ|508|Mozambique",
  "NA|NAM|516|Namibia",
  "NC|NCL|540|New Caledonia",
  "NE|NER|562|Niger",
  "NF|NFK|574|Norfolk Island",
  "NG|NGA|566|Nigeria",
  "NI|NIC|558|Nicaragua",
  "NL|NLD|528|Netherlands|Holland|The Netherlands",
  "NO|NOR|578|Norway",
  "NP|NPL|524|Nepal",
  "NR|NRU|520|Nauru",
  "NU|NIU|570|Niue",
  "NZ|NZL|554|New Zealand",
  "OM|OMN|512|Oman",
  "PA|PAN|591|Panama",
  "PE|PER|604|Peru",
  "PF|PYF|258|French Polynesia|Fr. Polynesia",
  "PG|PNG|598|Papua New Guinea",
  "PH|PHL|608|Philippines",
  "PK|PAK|586|Pakistan",
  "PL|POL|616|Poland",
  "PM|SPM|666|Saint Pierre and Miquelon|St. Pierre and Miquelon",
  "PN|PCN|612|Pitcairn|Pitcairn Is.|Pitcairn Islands",
  "PR|PRI|630|Puerto Rico",
  "PS|PSE|275|Palestine|Palestine, State of|State of Palestine",
  "PT|PRT|620|Portugal",
  "PW|PLW|585|Palau",
  "PY|PRY|600|Paraguay",
  "QA|QAT|634|Qatar",
  "RE|REU|638|Réunion",
  "RO|ROU|642|Romania",
  "RS|SRB|688|Serbia",
  "RU|RUS|643|Russia|Russian Federation",
  "RW|RWA|646|Rwanda",
  "SA|SAU|682|Saudi Arabia",
  "SB|SLB|090|Solomon Islands|Solomon Is.",
  "SC|SYC|690|Seychelles",
  "SD|SDN|729|Sudan",
  "SE|SWE|752|Sweden",
  "SG|SGP|702|Singapore",
  "SH|SHN|654|Saint Helena|Saint Helena, Ascension and Tristan da Cunha|St. Helena",
  "SI|SVN|705|Slovenia",
  "SJ|SJM|744|Svalbard and Jan Mayen",
  "SK|SVK|703|Slovakia|Slovak Republic",
  "SL|SLE|694|Sierra Leone",
  "SM|SMR|674|San Marino",
  "SN|SEN|686|Senegal",
  "SO|SOM|706|Somalia",
  "SR|SUR|740|Suriname",
  "SS|SSD|728|South Sudan|S. Sudan",
  "ST|STP|678|Sao Tome and Principe",
  "SV|SLV|222|El Salvador",
  "SX|SXM|534|Sint Maarten|Sint Maarten (Dutch part)",
  "SY|SYR|760|Syria|Syrian Arab Republic",
  "SZ|SWZ|748|Eswatini|Swaziland",
  "TC|TCA|796|Turks and Caicos Islands|Turks and Caicos Is.",
  "TD|TCD|148|Chad",
  "TF|ATF|260|French Southern Territories|Fr. S. Antarctic Lands|French Southern and Antarctic Lands",
  "TG|TGO|768|Togo",
  "TH|THA|764|Thailand",
  "TJ|TJK|762|Tajikistan",
  "TK|TKL|772|Tokelau",
  "TL|TLS|626|Timor-Leste|East Timor",
  "TM|TKM|795|Turkmenistan",
  "TN|TUN|788|Tunisia",
  "TO|TON|776|Tonga",
  "TR|TUR|792|Türkiye|Turkey",
  "TT|TTO|780|Trinidad and Tobago",
  "TV|TUV|798|Tuvalu",
  "TW|TWN|158|Taiwan|Taiwan, Province of China",
  "TZ|TZA|834|Tanzania|Tanzania, United Republic of|United Republic of Tanzania",
  "UA|UKR|804|Ukraine",
  "UG|UGA|800|Uganda",
  "UM|UMI|581|United States Minor Outlying Islands|U.S. Minor Outlying Is.",
  "US|USA|840|United States|USA|United States of America",
  "UY|URY|858|Uruguay",
  "UZ|UZB|860|Uzbekistan",
  "VA|VAT|336|Vatican City|Holy See (Vatican City State)|Vatican|Holy See",
  "VC|VCT|670|Saint Vincent and the Grenadines|St. Vin. and Gren.|St. Vincent and the Grenadines",
  "VE|VEN|862|Venezuela|Venezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela",
  "VG|VGB|092|British Virgin Islands|Virgin Islands, British|British Virgin Is.",
  "VI|VIR|850|U.S. Virgin Islands|Virgin Islands, U.S.|U.S. Virgin Is.",
  "VN|VNM|704|Vietnam|Viet Nam",
  "VU|VUT|548|Vanuatu",
  "WF|WLF|876|Wallis and Futuna|Wallis and Futuna Is.",
  "WS|WSM|882|Samoa",
  "YE|YEM|887|Yemen",
  "YT|MYT|175|Mayotte",
  "ZA|ZAF|710|South Africa|RSA|Republic of South Africa",
  "ZM|ZMB|894|Zambia",
  "ZW|ZWE|716|Zimbabwe"
];

// Regions that exports use as countries. Their codes come from ranges ISO will never assign to a country (XA–XZ, ZZ;
// EU is exceptionally reserved for the Union), and they have no numeric because world-atlas draws no such feature:
// "Channel Islands" would have to be split into Jersey and Guernsey, which the export does not allow.
const OTHER_REGIONS: readonly string[] = [
  "EU|European Community|European Union",
  "XC|Channel Islands",
  "XW|West Indies",
  "ZZ|Unspecified|Unknown|N/A|-"
];

const BY_KEY: ReadonlyMap<string, Readonly<Country>> = buildIndex();

/**
 * Maps a raw country value (ISO alpha-2 or alpha-3 in any case, English names, export-specific names) to a Country.
 * Unknown values stay visible as themselves: {code: trimmed raw, name: trimmed raw, numeric: null}.
 * Empty/blank → {code: "ZZ", name: "Unspecified", numeric: null}.
 */
export function resolveCountry(raw: string): Country {
  // Rows parsed from CSV in plain JS hand over undefined for a missing column; say so rather than fail inside normalize.
  if (typeof raw !== "string") throw new TypeError(`country value is not a string: ${String(raw)}`);
  // A blank cell means the export recorded no country, which is what ZZ stands for.
  const known = BY_KEY.get(keyOf(raw) || "zz");
  // A copy, so that a caller editing its result cannot change what every later call returns.
  if (known) return {...known};
  const visible = raw.trim();
  return {code: visible, name: visible, numeric: null};
}

/**
 * Folds the ways one name gets typed: case, runs of spaces, dots ("U.S.A."), and accents, which exports often lose
 * through Latin-1 round trips ("Cote d'Ivoire", "Turkiye").
 */
function keyOf(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\./g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function buildIndex(): Map<string, Readonly<Country>> {
  const index = new Map<string, Readonly<Country>>();
  const numerics = new Set<string>();
  // A key claimed by two entries would make the answer depend on table order, so a table typo fails at load.
  const register = (country: Readonly<Country>, names: string[], entry: string) => {
    for (const name of names) {
      const key = keyOf(name);
      const owner = index.get(key);
      if (owner && owner !== country)
        throw new Error(`country name "${name}" in "${entry}" already means ${owner.code}`);
      index.set(key, country);
    }
  };
  for (const entry of ISO_COUNTRIES) {
    const [alpha2, alpha3, numeric, name, ...aliases] = entry.split("|");
    if (!/^[A-Z]{2}$/.test(alpha2) || !/^[A-Z]{3}$/.test(alpha3) || !/^\d{3}$/.test(numeric) || !name) {
      throw new Error(`malformed country entry: "${entry}"`);
    }
    // Two countries on one numeric would draw one market's revenue on another's shape.
    if (numerics.has(numeric)) throw new Error(`numeric code ${numeric} in "${entry}" is used twice`);
    numerics.add(numeric);
    register(Object.freeze({code: alpha2, name, numeric}), [alpha2, alpha3, name, ...aliases], entry);
  }
  for (const entry of OTHER_REGIONS) {
    const [code, name, ...aliases] = entry.split("|");
    register(Object.freeze({code, name, numeric: null}), [code, name, ...aliases], entry);
  }
  return index;
}
