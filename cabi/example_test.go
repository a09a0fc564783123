package cabi_test

import (
	"errors"
	"fmt"

	"github.com/wasmcp/wasmcp/cabi"
)

func ExampleOption() {
	o := cabi.Some("gopher")
	if name, ok := o.Get(); ok {
		fmt.Println("hello", name)
	}
	fmt.Println(cabi.None[string]().IsNone())
	// Output:
	// hello gopher
	// true
}

func ExampleResultOf() {
	r := cabi.ResultOf(0, errors.New("division by zero"))
	_, err := r.Unwrap()
	fmt.Println(err)
	// Output: division by zero
}
