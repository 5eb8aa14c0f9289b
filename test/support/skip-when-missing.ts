/**
 * The `skip` value of a test that needs something outside the repository (../shared's
 * fixtures, redis-server, Chromium): `false` when it is there. When it is missing, the
 * test is skipped with `message` — except under CI (`CI=true`), which installs everything
 * the tests drive: there a missing requirement is an error, so no test is skipped quietly.
 */
export function skipWhenMissing(
	available: boolean,
	message: string,
	env: Record<string, string | undefined> = process.env,
): false | string {
	if (available) return false;
	if (env.CI === "true") {
		throw new Error(`CI=true, and a test ${message}: CI must provide it (see .ci/run).`);
	}
	return message;
}
