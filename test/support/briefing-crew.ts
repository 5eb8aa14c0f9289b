/**
 * A small YAML crew for server and dashboard tests, independent of the research crew: a
 * researcher reads two local notes with `read_file` (tool calls with sources), a writer
 * answers with a report that cites them `[n]` and ends with a `## Sources` list.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const briefingCrewFolder = "briefing";
export const briefingScriptFile = "briefing-script.json";

const agentsYaml = `researcher:
  role: Researcher gathering notes on {topic}
  goal: Read the notes in the workspace and list what they say about {topic}.
  backstory: You read carefully and quote your sources.
  tools: [read_file]

writer:
  role: Writer of a briefing on {topic}
  goal: Write a short briefing on {topic} that cites its sources.
  backstory: You write for busy readers.
`;

const tasksYaml = `research_task:
  description: Read notes/open-weights.md and notes/inference.md and list their findings on {topic}.
  expected_output: A list of findings, each with its file.
  agent: researcher

writing_task:
  description: Write a briefing on {topic} from the findings.
  expected_output: Markdown with a title, three numbered sections citing [n], and a Sources list.
  agent: writer
  context: [research_task]
`;

export const notes: Record<string, string> = {
	"notes/open-weights.md":
		"# Open weights\n\nOpen-weight models reached parity with closed models on several benchmarks.\n",
	"notes/inference.md":
		"# Inference\n\nInference prices per million tokens fell by half this year.\n",
};

/** The writer's report: citations in every section, three sources (two files, one URL). */
export const briefingReport = `# Briefing: what changed this year

Three changes matter most to teams that build on language models [1].

## 1. Open weights close the gap

Open-weight models reached parity with closed models on several benchmarks [1].

## 2. Inference gets cheaper

Inference prices per million tokens fell by half this year [2], which makes longer runs affordable [2, 3].

## 3. Evaluation moves to real tasks

Teams now audit models on the tasks their users actually do [3].

## Conclusion

Cheaper, open models and better evaluation make careful adoption easier.

## Sources

1. Open weights note — notes/open-weights.md
2. Inference note — notes/inference.md
3. Evaluation in practice — https://example.com/evaluation — accessed 2026-01-15
`;

export const briefingFindings =
	"- Open-weight models reached parity (notes/open-weights.md)\n- Inference prices fell by half (notes/inference.md)";

/** The scripted model's replies: two tool calls, the findings, then the report. */
export function briefingScript(options: { latencyMs?: number; delayMs?: number } = {}): string {
	const delay = options.delayMs ? { delayMs: options.delayMs } : {};
	return JSON.stringify({
		replies: [
			{
				match: "gathering notes",
				toolCalls: Object.keys(notes).map((path) => ({ toolName: "read_file", input: { path } })),
				...delay,
			},
			{ match: "gathering notes", text: briefingFindings, ...delay },
			{ match: "Writer of a briefing", text: briefingReport, ...delay },
		],
		...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
	});
}

/** Writes the crew, its notes and its script into a workspace folder. */
export async function writeBriefingWorkspace(
	workspace: string,
	options: { latencyMs?: number; delayMs?: number } = {},
): Promise<void> {
	await mkdir(join(workspace, briefingCrewFolder), { recursive: true });
	await mkdir(join(workspace, "notes"), { recursive: true });
	await writeFile(join(workspace, briefingCrewFolder, "agents.yaml"), agentsYaml);
	await writeFile(join(workspace, briefingCrewFolder, "tasks.yaml"), tasksYaml);
	for (const [path, text] of Object.entries(notes)) await writeFile(join(workspace, path), text);
	await writeFile(join(workspace, briefingScriptFile), briefingScript(options));
}
