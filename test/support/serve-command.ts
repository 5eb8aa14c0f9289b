/**
 * Runs `crewkit serve` as the CLI would (for tests, until main.ts lists the command):
 * `node test/support/serve-command.ts [serve options]`.
 */
import { processIo } from "../../src/cli/io.ts";
import { command } from "../../src/cli/serve.ts";

try {
	process.exitCode = await command.run(process.argv.slice(2), processIo());
} catch (error) {
	process.stderr.write(`crewkit: ${(error as Error).message}\n`);
	process.exitCode = 1;
}
