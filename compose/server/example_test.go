package server_test

import (
	"context"
	"fmt"
	"os"

	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/compose/server"
)

// A server of two tools providers, served over HTTP.
func ExampleNewPlan() {
	ctx := context.Background()
	calc, _ := os.ReadFile("calc.wasm")
	weather, _ := os.ReadFile("weather.wasm")
	plan, err := server.NewPlan(ctx, []server.Input{
		{Name: "calc", Wasm: calc},
		{Name: "weather", Wasm: weather},
	}, server.Options{Transport: server.HTTP, Parts: server.EmbeddedParts})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan.Describe(os.Stderr)
	wasm, err := plan.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := compose.WriteFile("server.wasm", wasm, false); err != nil {
		fmt.Println(err)
	}
}
