package wit_test

import (
	"fmt"

	"github.com/wasmcp/wasmcp/wit"
)

func ExampleParseSource() {
	res, pkg, err := wit.ParseSource("calc.wit", `package demo:calc@0.1.0;

interface ops {
    record pair { a: s32, b: s32 }
    add: func(p: pair) -> s32;
}

world calc {
    export ops;
}
`)
	if err != nil {
		panic(err)
	}
	w, _ := res.SelectWorld("calc")
	fmt.Println(pkg.Name, w.QualifiedName())
	for _, it := range w.Exports {
		fmt.Println("export", it.Key)
		for _, f := range it.Interface.Functions {
			fmt.Println(" ", f.Name, f.Params[0].Type, wit.FlattenFunction(f, wit.Lift).Params)
		}
	}
	// Output:
	// demo:calc@0.1.0 demo:calc/calc@0.1.0
	// export demo:calc/ops@0.1.0
	//   add pair [i32 i32]
}

func ExampleParseSource_error() {
	_, _, err := wit.ParseSource("bad.wit", "package a:b;\ninterface i {\n    f: func(x: nope);\n}\n")
	fmt.Println(err)
	// Output:
	// bad.wit:3:16: type "nope" does not exist
}

func ExampleEmbed() {
	res, _, err := wit.ParseSource("w.wit", "package a:b;\nworld w {\n    export run: func();\n}\n")
	if err != nil {
		panic(err)
	}
	core := []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00} // an empty core module
	out, err := wit.Embed(core, res, "w")
	if err != nil {
		panic(err)
	}
	fmt.Println(len(out) > len(core))
	// Output:
	// true
}

func ExampleSizeAlign() {
	res, _, _ := wit.ParseSource("t.wit", "package a:b;\ninterface t {\n    record r { a: u8, b: u64, c: string }\n}\n")
	r := res.Packages[0].Interface("t").Type("r")
	size, align := wit.SizeAlign(r)
	fmt.Println(size, align, wit.FieldOffsets(r), wit.Flatten(r))
	// Output:
	// 24 8 [0 8 16] [i32 i64 i32 i32]
}
