import assert from "node:assert/strict";
import { test } from "node:test";
import { sectionTerms } from "./section-terms.ts";

test("a section's terms are the stems of its title and text, without citations or stop words", () => {
	assert.deepEqual(
		sectionTerms({ title: "Solar Panels", body: "Panels got cheaper in 2023 [1, 2].\n\nThe end." }),
		["solar", "panel", "panel", "got", "cheap", "2023", "end"],
	);
	assert.deepEqual(sectionTerms({ title: "", body: "" }), []);
});
