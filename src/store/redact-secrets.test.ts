import assert from "node:assert/strict";
import { test } from "node:test";
import { createRedactor, redacted, redactValue } from "./redact-secrets.ts";

test("the values of secret-named variables are redacted, whatever their shape", () => {
	const redact = createRedactor({
		BILLING_PASSWORD: "orchard-lantern-4417",
		my_api_key: "plainvalue99",
		GITHUB_TOKEN: "tok3n-value-x",
		DB_SECRET: "s3cr3t-db-pw",
		PASSWD: "hunter2-hunter2",
		AWS_CREDENTIAL: "cred-0987654",
		PROXY_AUTH: "user:pass-1234",
		HOME: "/home/someone",
		SHORT_TOKEN: "1234567",
		EMPTY_KEY: "",
	});
	assert.equal(
		redact(
			"orchard-lantern-4417 plainvalue99 tok3n-value-x s3cr3t-db-pw hunter2-hunter2 cred-0987654 user:pass-1234",
		),
		Array(7).fill(redacted).join(" "),
	);
	assert.equal(
		redact("login orchard-lantern-4417"),
		"login [redacted]",
		"a visible marker where the secret was",
	);
	assert.equal(redact("at /home/someone"), "at /home/someone", "other variables are kept");
	assert.equal(redact("pin 1234567"), "pin 1234567", "values under 8 characters are not secrets");
	assert.equal(redact("twice: plainvalue99/plainvalue99"), `twice: ${redacted}/${redacted}`);
});

test("Hugging Face's token variables are secrets, whatever the token looks like", () => {
	const redact = createRedactor({
		HF_TOKEN: "my-hub-token-1234",
		HUGGING_FACE_HUB_TOKEN: "legacy-hub-token-5678",
	});
	assert.equal(
		redact("Authorization: my-hub-token-1234 / legacy-hub-token-5678"),
		`Authorization: ${redacted} / ${redacted}`,
	);
});

test("a longer secret containing a shorter one is redacted whole", () => {
	const redact = createRedactor({ A_KEY: "abcdefgh", B_KEY: "abcdefgh-and-more" });
	assert.equal(redact("x abcdefgh-and-more y abcdefgh"), `x ${redacted} y ${redacted}`);
});

test("strings shaped like API keys and bearer tokens are redacted without any environment", () => {
	const redact = createRedactor({});
	for (const secret of [
		"sk-proj-abcdefghijklmnop1234",
		"pk-abcdefghijklmnop1234",
		"rk-abcdefghijklmnop1234",
		"sk-ant-api03-abcdefghijklmnop",
		"AIzaSyA1234567890abcdefghijklmnopqrstu",
		"ghp_abcdefghijklmnopqrstuvwx",
		"gho_abcdefghijklmnopqrstuvwx",
		"ghs_abcdefghijklmnopqrstuvwx",
		"github_pat_abcdefghijklmnopqrstuvwx",
		"tvly-abcdefghijklmnop1234",
		"xoxb-1234567890-abcdefghij",
		"xoxp-1234567890-abcdefghij",
		"hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
		"api_org_abcdefghijklmnopqrstuvwxyzABCDEFGH",
	]) {
		assert.equal(redact(`key=${secret} end`), `key=${redacted} end`, secret);
	}
	assert.equal(
		redact("Authorization: Bearer abc.def-ghi_jkl~mno+pq/rs="),
		`Authorization: ${redacted}`,
	);
	assert.equal(redact("Basic dXNlcjpwYXNzd29yZDEyMzQ="), redacted);
	assert.equal(redact("Bearer \t  abcdefghijklmnopqrstu"), redacted, "any run of spaces");
	for (const harmless of [
		"sk-short",
		"task-abcdefghijklmnopqrstu",
		"Bearer short",
		"AIza-short",
		// A model cache file name is not a Hugging Face token.
		"hf_bartowski_Qwen2.5-7B-Instruct-Q4_K_M.gguf",
		"hf_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_model.gguf",
	]) {
		assert.equal(redact(harmless), harmless, harmless);
	}
});

test("the redactor reads process.env by default", () => {
	const name = "CREWKIT_TEST_REDACTION_TOKEN";
	process.env[name] = "from-the-process-env";
	try {
		assert.equal(createRedactor()("x from-the-process-env"), `x ${redacted}`);
	} finally {
		delete process.env[name];
	}
});

test("redactValue redacts every string inside a JSON value, keys included", () => {
	const redact = createRedactor({ SERVICE_PASSWORD: "orchard-lantern-4417" });
	assert.deepEqual(
		redactValue(
			{
				a: ["orchard-lantern-4417", 3, null, { b: "x orchard-lantern-4417" }],
				"orchard-lantern-4417": true,
			},
			redact,
		),
		{ a: [redacted, 3, null, { b: `x ${redacted}` }], [redacted]: true },
	);
	assert.equal(redactValue(undefined, redact), null);
	assert.equal(redactValue("plain", redact), "plain");
});
