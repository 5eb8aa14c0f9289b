import type { KickoffInputs } from "../crew/crew.ts";
import { ConfigError } from "../errors.ts";

/** The inputs of a run from `--topic`, `--year` (default: this year) and `--input k=v` flags. */
export function collectInputs(values: {
	topic?: string | undefined;
	year?: string | undefined;
	input?: string[] | undefined;
}): KickoffInputs {
	const inputs: KickoffInputs = {};
	for (const pair of values.input ?? []) {
		const equals = pair.indexOf("=");
		if (equals <= 0) throw new ConfigError(`--input takes key=value, got '${pair}'.`);
		inputs[pair.slice(0, equals)] = pair.slice(equals + 1);
	}
	if (values.topic !== undefined) {
		if (!values.topic.trim())
			throw new ConfigError('--topic is empty. Give a topic, e.g. --topic "AI LLMs".');
		inputs.topic = values.topic;
	}
	const year = values.year ?? String(new Date().getFullYear());
	if (!/^\d{4}$/.test(year))
		throw new ConfigError(`--year takes a four-digit year, got '${year}'.`);
	inputs.current_year = year;
	return inputs;
}
