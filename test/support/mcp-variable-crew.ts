/** A crew folder whose MCP server gets two environment variables as headers. Test-only. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The variables the crew's mcp.yaml names. */
export const crewVariables = ["CREWKIT_TEST_VAR_A", "CREWKIT_TEST_VAR_B"] as const;

/**
 * Writes the crew into `folder`: one agent whose MCP server `calc` at `url` receives
 * `Authorization: Bearer ${CREWKIT_TEST_VAR_A}` and `X-Team: ${CREWKIT_TEST_VAR_B}`, and a
 * scripted answer in `script.json` (the model `scripted:<folder>/script.json`). With
 * `humanInput`, a person reviews the task's answer: the run waits for it.
 */
export async function writeMcpVariableCrew(
	folder: string,
	url: string,
	options: { humanInput?: boolean } = {},
): Promise<void> {
	await mkdir(folder, { recursive: true });
	await writeFile(
		join(folder, "agents.yaml"),
		"calculator:\n  role: Calculator\n  goal: Add\n  backstory: Quick.\n  mcp_servers: [calc]\n",
	);
	await writeFile(
		join(folder, "tasks.yaml"),
		`add_task:\n  description: Add two and three.\n  expected_output: The sum.\n  agent: calculator\n${options.humanInput ? "  human_input: true\n" : ""}`,
	);
	await writeFile(
		join(folder, "mcp.yaml"),
		`calc:\n  url: ${url}\n  headers:\n    Authorization: "Bearer \${CREWKIT_TEST_VAR_A}"\n    X-Team: "\${CREWKIT_TEST_VAR_B}"\n  allow_tools: [add]\n`,
	);
	await writeFile(join(folder, "script.json"), JSON.stringify(["The sum is 5."]));
}
