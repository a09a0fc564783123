package bindgen

import (
	"errors"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

func TestGenerateErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`package a:b;
interface i { f: func(s: stream<u8>); }
world w { import i; }`, "function f: type stream<u8> (async) is not supported"},
		{`package a:b;
interface i { resource r; f: func(x: r); }
world w { import i; export i; }`, "interface a:b/i: is both imported and exported and defines resource r"},
	} {
		res, pkg, err := wit.ParseSource("t.wit", tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		_, err = Generate(res, pkg.Worlds[0], Options{})
		var ge *Error
		if !errors.As(err, &ge) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{"get-info": "GetInfo", "%type": "Type", "a1": "A1", "http-2": "Http2"} {
		if got := pascal(in); got != want {
			t.Errorf("pascal(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"type": "type_", "len": "len_", "my-arg": "myArg", "cabi": "cabi_"} {
		if got := camel(in); got != want {
			t.Errorf("camel(%q) = %q, want %q", in, got, want)
		}
	}
	n := newNamer()
	if a, b, c := n.take("X"), n.take("X", "Y"), n.take("X", "Y"); a != "X" || b != "Y" || c != "Y2" {
		t.Errorf("namer: %s %s %s", a, b, c)
	}
	if PackageName("./internal/My-Bindings") != "mybindings" || PackageName("/") != "bindings" {
		t.Error("PackageName")
	}
}
