import assert from "node:assert/strict";
import { test } from "node:test";
import { readPydanticModels } from "./pydantic-schema.ts";
import { readCrewPy } from "./read-crew-py.ts";

test("reads a @CrewBase class: config paths, agents, tasks, crew, tools and hooks", async () => {
	const crewPy = await readCrewPy(`
from crewai_tools import SerperDevTool
shared = SerperDevTool(n_results=3)

@CrewBase
class Demo:
    agents_config = "settings/agents.yaml"

    @tool
    def scraper(self):
        return ScrapeWebsiteTool()

    @agent
    def writer(self) -> Agent:
        prompt = "Write " + 'well'
        return Agent(config=self.agents_config["writer"], tools=[shared], goal=prompt, max_iter=3)

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config['draft'], agent=self.writer(), context=[], human_input=True)

    @after_kickoff
    def done(self, output):
        return output

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.hierarchical)
`);
	assert.equal(crewPy.className, "Demo");
	assert.equal(crewPy.agentsConfig, "settings/agents.yaml");
	assert.equal(crewPy.tasksConfig, "config/tasks.yaml");
	assert.deepEqual(
		crewPy.agents.map((item) => item.name),
		["writer"],
	);
	const writer = crewPy.agents[0]?.value;
	assert.equal(writer?.kind, "call");
	if (writer?.kind !== "call") return;
	assert.deepEqual(writer.kwargs.get("config"), {
		kind: "config",
		file: "agents",
		key: "writer",
		line: 16,
	});
	assert.deepEqual(writer.kwargs.get("goal"), { kind: "str", value: "Write well", line: 15 });
	const tools = writer.kwargs.get("tools");
	assert.equal(
		tools?.kind === "list" && tools.items[0]?.kind === "call" && tools.items[0].ref,
		"shared",
	);
	const draft = crewPy.tasks[0]?.value;
	assert.equal(draft?.kind === "call" && draft.kwargs.get("agent")?.kind, "call");
	assert.deepEqual([...crewPy.helpers.keys()], ["scraper"]);
	assert.deepEqual(
		crewPy.hooks.map((hook) => `${hook.decorator} ${hook.name}`),
		["after_kickoff done"],
	);
	const crew = crewPy.crew?.value;
	assert.equal(crew?.kind === "call" && crew.kwargs.get("process")?.kind, "name");
});

test("Pydantic models become JSON Schemas: required, optional, nested, lists, literals", async () => {
	const schemas = await readPydanticModels([
		`
class Report(BaseModel):
    title: str = Field(description="The title")
    score: float
    tags: list[str] = []
    kind: Literal["brief", "full"]
    author: Optional[Person] = None
    sections: List[Section]
`,
		`
class Person(BaseModel):
    name: str
class Section(BaseModel):
    heading: str
    words: int | None
`,
	]);
	assert.deepEqual(schemas.get("Report"), {
		type: "object",
		properties: {
			title: { type: "string", description: "The title" },
			score: { type: "number" },
			tags: { type: "array", items: { type: "string" } },
			kind: { type: "string", enum: ["brief", "full"] },
			author: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
			sections: {
				type: "array",
				items: {
					type: "object",
					properties: { heading: { type: "string" }, words: { type: "integer" } },
					required: ["heading"],
				},
			},
		},
		required: ["title", "score", "kind", "sections"],
	});
});
