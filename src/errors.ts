/**
 * crewkit's errors, grouped by who has to act. Every error crewkit throws on purpose is a
 * `CrewkitError`; the CLI prints its message as one line and exits non-zero.
 */
export class CrewkitError extends Error {
	constructor(message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = new.target.name;
	}
}

/** Where in a configuration file a problem is (1-based line and column). */
export interface SourceLocation {
	file: string;
	line?: number;
	column?: number;
}

/** The user's configuration or input is wrong: a crew definition, a flag, a model string. */
export class ConfigError extends CrewkitError {
	readonly location: SourceLocation | undefined;

	constructor(message: string, location?: SourceLocation, options?: ErrorOptions) {
		super(location ? `${formatLocation(location)}: ${message}` : message, options);
		this.location = location;
	}
}

/** A `{name}` placeholder has no value in the kickoff inputs. */
export class MissingInputError extends ConfigError {
	readonly input: string;

	constructor(input: string, usedIn: string[]) {
		super(
			`Missing input '${input}', used in ${usedIn.join(", ")}. ` +
				`Pass it in kickoff({ inputs: { ${input}: … } }) or on the CLI with --input ${input}=…`,
		);
		this.input = input;
	}
}

/** The model did something crewkit cannot use: unparsable output, an unknown tool, no answer. */
export class ModelBehaviorError extends CrewkitError {}

/** A limit was reached: iterations, retries of a check. */
export class LimitError extends CrewkitError {}

/** A model could not be loaded or reached: missing file, download impossible, server down. */
export class ModelUnavailableError extends CrewkitError {}

/** A provider answered with a fault (HTTP status, dropped stream). */
export class ProviderError extends CrewkitError {
	readonly status: number | undefined;
	readonly retryAfterMs: number | undefined;

	constructor(
		message: string,
		details: { status?: number; retryAfterMs?: number } = {},
		options?: ErrorOptions,
	) {
		super(message, options);
		this.status = details.status;
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** The run was cancelled through its abort signal. */
export class CancelledError extends CrewkitError {}

export function formatLocation(location: SourceLocation): string {
	if (location.line === undefined) return location.file;
	return `${location.file}:${location.line}:${location.column ?? 1}`;
}
