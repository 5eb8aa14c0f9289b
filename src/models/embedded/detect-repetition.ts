/** How a generated text must end to count as a loop: a unit repeated this often … */
const minimumRepeats = 8;
/** … covering at least this many characters, with units up to this long. */
const minimumLoopCharacters = 64;
const longestUnit = 120;

/**
 * True when the text ends in a loop: the same piece (1 to 120 characters) repeated at least
 * 8 times in a row over at least 64 characters, as a model that never emits end-of-turn
 * does ("the the the …", or a sentence over and over). Ordinary prose, lists and tables
 * repeat far less exactly.
 */
export function endsInRepetition(generated: string): boolean {
	const text = generated.slice(-longestUnit * minimumRepeats);
	const maxUnit = Math.min(longestUnit, Math.floor(text.length / minimumRepeats));
	for (let unit = 1; unit <= maxUnit; unit++) {
		const needed = Math.max(minimumRepeats, Math.ceil(minimumLoopCharacters / unit));
		if (needed * unit > text.length) continue;
		const tail = text.slice(text.length - unit);
		let repeats = 1;
		while (
			repeats < needed &&
			text.slice(text.length - unit * (repeats + 1), text.length - unit * repeats) === tail
		) {
			repeats++;
		}
		if (repeats >= needed) return true;
	}
	return false;
}
