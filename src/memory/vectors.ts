/**
 * Embedding vectors as SQLite BLOBs (float32, the platform's byte order: little-endian on
 * every platform Node supports) and the similarity of two of them.
 */

/** The bytes of a vector, for a BLOB column. */
export function vectorToBlob(vector: Float32Array): Uint8Array {
	return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A vector read back from a BLOB column (copied: the bytes need not be aligned). */
export function blobToVector(blob: Uint8Array): Float32Array {
	const copy = new Uint8Array(blob.byteLength - (blob.byteLength % 4));
	copy.set(blob.subarray(0, copy.byteLength));
	return new Float32Array(copy.buffer);
}

/**
 * Cosine similarity in [-1, 1]: 1 for vectors pointing the same way. 0 when either vector
 * is empty or zero, or their lengths differ (vectors of different models are never compared).
 */
export function cosineSimilarity(left: Float32Array, right: Float32Array): number {
	if (left.length !== right.length || left.length === 0) return 0;
	let dot = 0;
	let leftNorm = 0;
	let rightNorm = 0;
	for (let index = 0; index < left.length; index++) {
		const a = left[index] as number;
		const b = right[index] as number;
		dot += a * b;
		leftNorm += a * a;
		rightNorm += b * b;
	}
	if (leftNorm === 0 || rightNorm === 0) return 0;
	return dot / Math.sqrt(leftNorm * rightNorm);
}
