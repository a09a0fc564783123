// Command calc is an Extism plugin with two functions, add and multiply, each
// taking {"a": number, "b": number} and answering the result as decimal text.
package main

import (
	"errors"
	"strconv"

	"github.com/wasmcp/wasmcp/pdk"
)

type operands struct {
	A *float64 `json:"a"`
	B *float64 `json:"b"`
}

func run(op func(a, b float64) float64) int32 {
	var args operands
	if err := pdk.InputJSON(&args); err != nil {
		return pdk.Fail(err)
	}
	if args.A == nil || args.B == nil {
		return pdk.Fail(errors.New(`calc: the arguments "a" and "b" are required numbers`))
	}
	pdk.OutputString(strconv.FormatFloat(op(*args.A, *args.B), 'f', -1, 64))
	return 0
}

//go:wasmexport add
func add() int32 { return run(func(a, b float64) float64 { return a + b }) }

//go:wasmexport multiply
func multiply() int32 { return run(func(a, b float64) float64 { return a * b }) }

func main() {}
