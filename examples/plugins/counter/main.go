// Command counter is an Extism plugin whose function increment counts its own
// calls in a plugin variable, which lives as long as the plugin instance, and
// logs each count at the info level. It shows what state a host keeps between
// calls: a host that starts a fresh instance per call always answers 1.
package main

import (
	"strconv"

	"github.com/wasmcp/wasmcp/pdk"
)

//go:wasmexport increment
func increment() int32 {
	n := 0
	if v, ok := pdk.GetVar("count"); ok {
		var err error
		if n, err = strconv.Atoi(string(v)); err != nil {
			return pdk.Fail(err)
		}
	}
	n++
	pdk.SetVar("count", []byte(strconv.Itoa(n)))
	pdk.Logf(pdk.LogInfo, "counter: call %d", n)
	pdk.OutputString(strconv.Itoa(n))
	return 0
}

func main() {}
