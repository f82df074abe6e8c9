// The settings every embedded journal is opened with: by a command itself, by the owner process, or in memory.
import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite's own start parameters, and a smaller buffer cache. PostgreSQL's shared buffers live inside PGlite's
 * WebAssembly memory, which grows to its peak and never shrinks: with PGlite's 128 MB a 100,000-fill import peaked at
 * 496 MB, with 16 MB at 366 MB (issue #11 asks under 400 MB). Pages evicted from it are still in the operating
 * system's file cache, so reading them again costs a copy, not a disk read.
 */
export function embeddedStartParams(pglite: typeof PGlite): string[] {
  return [...pglite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];
}

export const EMBEDDED_SHARED_BUFFERS = "16MB";
