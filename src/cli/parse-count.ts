import { ConfigError } from "../errors.ts";

/** Parses a positive whole number given to a flag, or says what is wrong. */
export function parseCount(value: string, flag: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) {
		throw new ConfigError(`${flag} takes a whole number of at least 1, got '${value}'.`);
	}
	return number;
}
