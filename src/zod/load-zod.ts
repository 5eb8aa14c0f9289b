import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { z } from "zod";

let loaded: typeof z | undefined;

/**
 * zod, loaded with its first use instead of with `import "crewkit"` (it is most of what
 * that import would cost: a plain crew without tools or an output schema never needs it).
 * The module loaded is the one `import "zod"` gives, found the way `import` finds it, so a
 * user's schemas and crewkit's share one zod; `require` loads that ES module synchronously
 * (Node ≥ 22.12), so the functions that need zod stay synchronous.
 */
export function loadZod(): typeof z {
	if (!loaded) {
		const require = createRequire(import.meta.url);
		const module = require(fileURLToPath(import.meta.resolve("zod"))) as typeof import("zod");
		loaded = module.z;
	}
	return loaded;
}

/**
 * A value made on its first use and kept: a module's zod schemas, so that loading the
 * module does not load zod. `const schema = onFirstUse(() => loadZod().object({ … }))`,
 * then `schema()` where the schema was used.
 */
export function onFirstUse<Value>(make: () => Value): () => Value {
	let made: { value: Value } | undefined;
	return () => {
		made ??= { value: make() };
		return made.value;
	};
}
