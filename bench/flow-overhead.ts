// How much a flow adds per step: a router loop of N steps (count → check → count …) with
// no model, without a store and with the SQLite run store in memory. Prints µs per step.
//   node bench/flow-overhead.ts [steps]
import { z } from "zod";
import { defineFlow } from "../src/flow/flow.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";

const steps = Number(process.argv[2] ?? 2000);
const rounds = steps / 2;
const flow = defineFlow({
	name: "loop",
	state: z.object({ count: z.number().default(0) }),
	steps: {
		count: {
			start: true,
			after: "again",
			maxRuns: rounds + 1,
			run: ({ state }) => {
				state.count += 1;
			},
		},
		check: {
			after: "count",
			routes: ["again", "done"],
			maxRuns: rounds + 1,
			run: ({ state }) => (state.count < rounds ? "again" : "done"),
		},
	},
});

async function measure(label: string, withStore: boolean) {
	const times: number[] = [];
	for (let attempt = 0; attempt < 5; attempt++) {
		const store = withStore ? openRunStore(":memory:") : undefined;
		const started = performance.now();
		const result = await flow.kickoff(store ? { store } : {});
		times.push(performance.now() - started);
		if (result.state.count !== rounds) throw new Error("the loop did not run to its end");
		store?.close();
	}
	times.sort((a, b) => a - b);
	const median = times[2] ?? 0;
	console.log(
		`${label}: ${((median * 1000) / steps).toFixed(1)} µs per step (median of 5 runs of ${steps} steps)`,
	);
}

await measure("no store", false);
await measure("SQLite store (:memory:), an event per step start and end", true);
