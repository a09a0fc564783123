// Command hello is an Extism plugin with one function, say_hello, that greets
// the person named in its input: {"name": "Bob"} gives "Hello Bob". The
// greeting word comes from the plugin's "greeting" config value when the host
// sets one.
package main

import (
	"errors"

	"github.com/wasmcp/wasmcp/pdk"
)

//go:wasmexport say_hello
func sayHello() int32 {
	var args struct {
		Name string `json:"name"`
	}
	if err := pdk.InputJSON(&args); err != nil {
		return pdk.Fail(err)
	}
	if args.Name == "" {
		return pdk.Fail(errors.New(`hello: the argument "name" is required`))
	}
	greeting, ok := pdk.GetConfig("greeting")
	if !ok {
		greeting = "Hello"
	}
	pdk.OutputString(greeting + " " + args.Name)
	return 0
}

func main() {}
