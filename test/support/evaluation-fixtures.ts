/**
 * Labelled reports for the evaluation tests: a good report whose ten sections cite local
 * notes that support them, and bad ones that each fail one measure (no citations,
 * citations to sources the list lacks, changed figures, a section repeated). Test-only.
 */

interface Topic {
	title: string;
	source: string;
	/** The note the section cites: what the source says. */
	passage: string;
	/** The section's text, grounded in the passage. */
	sentences: [string, string];
	/** The same sentences with their figures changed. */
	changed: [string, string];
}

const topics: readonly Topic[] = [
	{
		title: "Solar Capacity in India",
		source: "Solar market note",
		passage:
			"Utility-scale solar capacity in India reached 70 GW in 2023. Auctions in Rajasthan set a record low tariff of 2.14 rupees per kWh. Grid operators curtailed less than 3 percent of solar output.",
		sentences: [
			"India's utility-scale solar capacity reached 70 GW in 2023.",
			"Auctions in Rajasthan set a record low tariff of 2.14 rupees per kWh.",
		],
		changed: [
			"India's utility-scale solar capacity reached 95 GW in 2023.",
			"Auctions in Rajasthan set a record low tariff of 1.80 rupees per kWh.",
		],
	},
	{
		title: "Battery Storage Costs",
		source: "Battery price survey",
		passage:
			"The average price of lithium-ion battery packs fell to 139 dollars per kWh in 2023, a drop of 14 percent. Lower lithium prices drove most of the decline. Stationary storage installations doubled during the year.",
		sentences: [
			"Lithium-ion battery pack prices fell to 139 dollars per kWh in 2023, a drop of 14 percent.",
			"Stationary storage installations doubled during the year as lower lithium prices drove the decline.",
		],
		changed: [
			"Lithium-ion battery pack prices fell to 99 dollars per kWh in 2023, a drop of 30 percent.",
			"Stationary storage installations tripled during 2021 as lower lithium prices drove the decline.",
		],
	},
	{
		title: "Heat Pumps in Europe",
		source: "Heat pump association report",
		passage:
			"Heat pump sales in Europe reached 3 million units in 2022, up 38 percent on the year before. Poland and Finland recorded the fastest growth. High gas prices pushed households towards electric heating.",
		sentences: [
			"European heat pump sales reached 3 million units in 2022, up 38 percent on the year before.",
			"Poland and Finland recorded the fastest growth as high gas prices pushed households towards electric heating.",
		],
		changed: [
			"European heat pump sales reached 5 million units in 2022, up 61 percent on the year before.",
			"Spain and Italy recorded the fastest growth as high gas prices pushed households towards electric heating.",
		],
	},
	{
		title: "Offshore Wind Delays",
		source: "Offshore wind tracker",
		passage:
			"Developers cancelled 9.7 GW of offshore wind contracts in the United States in 2023. Rising interest rates and supply chain costs made the fixed contract prices unprofitable. Turbine makers reported losses on their offshore divisions.",
		sentences: [
			"Developers cancelled 9.7 GW of offshore wind contracts in the United States in 2023.",
			"Rising interest rates and supply chain costs made fixed contract prices unprofitable.",
		],
		changed: [
			"Developers cancelled 4.2 GW of offshore wind contracts in the United States in 2021.",
			"Rising interest rates and supply chain costs made 12 fixed contract prices unprofitable.",
		],
	},
	{
		title: "Electric Vehicle Adoption",
		source: "EV outlook",
		passage:
			"Electric cars made up 18 percent of new car sales worldwide in 2023. China accounted for about 60 percent of the electric cars sold. In Norway, nine in ten new cars sold were fully electric.",
		sentences: [
			"Electric cars made up 18 percent of new car sales worldwide in 2023.",
			"China accounted for about 60 percent of electric cars sold.",
		],
		changed: [
			"Electric cars made up 31 percent of new car sales worldwide in 2023.",
			"China accounted for about 85 percent of electric cars sold.",
		],
	},
	{
		title: "Green Hydrogen Projects",
		source: "Hydrogen project database",
		passage:
			"Only 4 percent of announced low-emission hydrogen projects had reached a final investment decision by 2023. Electrolyser manufacturing capacity stood at 25 GW per year, mostly in China. Production costs remained far above those of hydrogen made from natural gas.",
		sentences: [
			"Only 4 percent of announced low-emission hydrogen projects had reached a final investment decision by 2023.",
			"Electrolyser manufacturing capacity stood at 25 GW per year, mostly in China.",
		],
		changed: [
			"Only 17 percent of announced low-emission hydrogen projects had reached a final investment decision by 2023.",
			"Electrolyser manufacturing capacity stood at 60 GW per year, mostly in China.",
		],
	},
	{
		title: "Grid Interconnection Queues",
		source: "Interconnection queue study",
		passage:
			"Nearly 2,600 GW of generation and storage capacity was waiting in US interconnection queues at the end of 2023. The typical project took 5 years from request to commercial operation. Most projects in the queues are eventually withdrawn.",
		sentences: [
			"Nearly 2,600 GW of generation and storage capacity was waiting in US interconnection queues at the end of 2023.",
			"The typical project took 5 years from request to commercial operation, and most projects are eventually withdrawn.",
		],
		changed: [
			"Nearly 1,200 GW of generation and storage capacity was waiting in US interconnection queues at the end of 2023.",
			"The typical project took 8 years from request to commercial operation, and most projects are eventually withdrawn.",
		],
	},
	{
		title: "Critical Minerals Supply",
		source: "Critical minerals review",
		passage:
			"The Democratic Republic of the Congo supplied 70 percent of the world's mined cobalt in 2022. Indonesia became the largest producer of nickel. Refining of most critical minerals is concentrated in China.",
		sentences: [
			"The Democratic Republic of the Congo supplied 70 percent of the world's mined cobalt in 2022.",
			"Indonesia became the largest producer of nickel, while refining remains concentrated in China.",
		],
		changed: [
			"The Democratic Republic of the Congo supplied 45 percent of the world's mined cobalt in 2022.",
			"Australia became the largest producer of nickel, while refining remains concentrated in China.",
		],
	},
	{
		title: "Nuclear Restarts in Japan",
		source: "Nuclear fleet status",
		passage:
			"Japan had restarted 12 of its 33 operable nuclear reactors by 2023. The Kashiwazaki-Kariwa plant remained offline pending local consent. The government plans to extend reactor lifetimes beyond 60 years.",
		sentences: [
			"Japan had restarted 12 of its 33 operable nuclear reactors by 2023.",
			"The government plans to extend reactor lifetimes beyond 60 years, while the Kashiwazaki-Kariwa plant remained offline.",
		],
		changed: [
			"Japan had restarted 21 of its 33 operable nuclear reactors by 2023.",
			"The government plans to extend reactor lifetimes beyond 80 years, while the Kashiwazaki-Kariwa plant remained offline.",
		],
	},
	{
		title: "Coal Phase-Out Pledges",
		source: "Coal exit tracker",
		passage:
			"Coal supplied 36 percent of global electricity in 2022. The United Kingdom closed its last coal power station in 2024. New coal plants continue to be approved in China and India.",
		sentences: [
			"Coal supplied 36 percent of global electricity in 2022.",
			"The United Kingdom closed its last coal power station in 2024, while new coal plants continue to be approved in China and India.",
		],
		changed: [
			"Coal supplied 52 percent of global electricity in 2022.",
			"The United Kingdom closed its last coal power station in 2019, while new coal plants continue to be approved in China and India.",
		],
	},
];

/** A variant of the report: which sentences and citation numbers each section gets. */
interface Variant {
	cite?: (section: number) => string;
	changed?: boolean;
	/** Section whose text replaces section 7's. */
	duplicateInto7?: number;
}

function buildReport(variant: Variant): string {
	const cite = variant.cite ?? ((section: number) => ` [${section}]`);
	const body = (index: number) => {
		const topic = topics[index] as Topic;
		const [first, second] = variant.changed ? topic.changed : topic.sentences;
		const citation = cite(index + 1);
		return `${first.replace(/\.$/, `${citation}.`)} ${second.replace(/\.$/, `${citation}.`)}`;
	};
	const parts = [
		"# The Energy Transition in Ten Figures",
		"",
		"This report gathers ten measured developments of the energy transition, each from a source read for it.",
	];
	topics.forEach((topic, index) => {
		const from =
			index === 6 && variant.duplicateInto7 !== undefined ? variant.duplicateInto7 - 1 : index;
		parts.push("", `## ${index + 1}. ${topic.title}`, "", body(from));
	});
	parts.push(
		"",
		"## Conclusion",
		"",
		"The transition is uneven: costs fall quickly while grids and supply chains lag behind.",
		"",
		"## Sources",
		"",
		...topics.map(
			(topic, index) =>
				`${index + 1}. ${topic.source} — notes/topic-${index + 1}.md:lines 1–3 — accessed 2026-11-20`,
		),
	);
	return `${parts.join("\n")}\n`;
}

/** The good report: ten sections, each citing the note that supports it. */
export const goodReport: string = buildReport({});

/** The same text without any citation. */
export const uncitedReport: string = buildReport({ cite: () => "" });

/** Sections 6 to 10 cite numbers 16 to 20, which the Sources list lacks. */
export const missingSourcesReport: string = buildReport({
	cite: (section) => ` [${section > 5 ? section + 10 : section}]`,
});

/** Every figure changed: the citations resolve but the notes do not say that. */
export const changedNumbersReport: string = buildReport({ changed: true });

/** Section 7 repeats section 3's text under its own title. */
export const duplicatedReport: string = buildReport({ duplicateInto7: 3 });

/** The notes the reports cite, by source number: the passage each note holds. */
export const notePassages: ReadonlyMap<number, readonly string[]> = new Map(
	topics.map((topic, index) => [index + 1, [topic.passage]]),
);

/** The note files a `--sources` folder holds for these reports: path → content. */
export const noteFiles: ReadonlyMap<string, string> = new Map(
	topics.map((topic, index) => [
		`notes/topic-${index + 1}.md`,
		`${topic.passage.replace(/\. /g, ".\n")}\n\nUnrelated text after line 3 that no section cites.\n`,
	]),
);
