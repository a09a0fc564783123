// Command calc is an Extism plugin with three functions: add and multiply,
// each taking {"a": number, "b": number} and answering the result as decimal
// text, and stats, taking {"numbers": [number...]} and answering a JSON object
// with their count, sum, mean, min and max.
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

type summary struct {
	Count int     `json:"count"`
	Sum   float64 `json:"sum"`
	Mean  float64 `json:"mean"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
}

//go:wasmexport stats
func stats() int32 {
	var args struct {
		Numbers []float64 `json:"numbers"`
	}
	if err := pdk.InputJSON(&args); err != nil {
		return pdk.Fail(err)
	}
	if len(args.Numbers) == 0 {
		return pdk.Fail(errors.New(`calc: the argument "numbers" must be a non-empty array`))
	}
	s := summary{Count: len(args.Numbers), Min: args.Numbers[0], Max: args.Numbers[0]}
	for _, x := range args.Numbers {
		s.Sum += x
		s.Min = min(s.Min, x)
		s.Max = max(s.Max, x)
	}
	s.Mean = s.Sum / float64(s.Count)
	if err := pdk.OutputJSON(s); err != nil {
		return pdk.Fail(err)
	}
	return 0
}

func main() {}
