// Package quickstart tests the newcomer path of docs/quickstart.md: the five
// commands written there (wasmcp new, make, wasmcp compose server, jco serve,
// a curl tools/call) run as they are, in an empty directory, with a wasmcp
// built from this checkout. The package has only tests.
package quickstart
