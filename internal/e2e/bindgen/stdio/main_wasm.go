// Command stdio is a wasi:cli/run component that reads stdin through a
// 4096-byte bufio reader and writes to stdout, the pattern that trapped in the
// preview1 adapter before cabi gave the adapter memory of its own.
package main

import (
	"bufio"
	"fmt"
	"os"

	_ "github.com/wasmcp/wasmcp/cabi" // the adapter's arena
)

func main() {}

//go:wasmexport wasi:cli/run@0.2.12#run
func run() uint32 {
	r := bufio.NewReaderSize(os.Stdin, 4096)
	lines, bytes := 0, 0
	for {
		line, err := r.ReadString('\n')
		if len(line) > 0 {
			lines++
			bytes += len(line)
			fmt.Printf("line %d: %d bytes\n", lines, len(line))
		}
		if err != nil {
			break
		}
	}
	fmt.Printf("done: %d lines, %d bytes\n", lines, bytes)
	return 0
}
