/**
 * English words that carry no topic: articles, pronouns, auxiliaries, prepositions,
 * conjunctions and vague quantifiers. Negations are not here: the support measure reads them.
 */
export const stopWords: ReadonlySet<string> = new Set(
	`a about above across after again against all almost along already also although always am
	among an and another any anyone anything are around as at be became because become becomes
	been before being below between both but by can could did do does doing done down during each
	either else even ever every for from further had has have having he her here hers herself him
	himself his how however i if in instead into is it its itself just least less let like likely made
	make makes many may me might more most much must my myself now of off often on once one only
	onto or other others our ours ourselves out over own per perhaps quite rather really same
	several shall she should since so some such than that the their theirs them themselves then
	there therefore these they this those though through thus to too toward towards under until
	up upon us use used uses using very via was we well were what when where whether which while
	who whom whose why will with within would yet you your yours yourself yourselves`.split(/\s+/),
);

/**
 * Words that turn a statement into its negation. Contractions (`isn't`) and "cannot" are
 * read as two words, the second "not" (see `readWords`).
 */
export const negationWords: ReadonlySet<string> = new Set([
	"not",
	"no",
	"never",
	"without",
	"none",
	"neither",
	"nor",
	"nothing",
	"nobody",
]);
