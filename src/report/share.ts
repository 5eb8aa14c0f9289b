/** `part / whole`, and 0 when `whole` is 0: a share of nothing is no share. */
export function share(part: number, whole: number): number {
	return whole === 0 ? 0 : part / whole;
}
