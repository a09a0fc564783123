package componentize

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// tinyModule is a core module with a memory of 8 pages, one global, one
// function and a data segment holding cabi's arena descriptor (with the
// address's zero bytes trimmed, as the Go linker does).
func tinyModule(arena uint32, withMarker bool) []byte {
	sec := func(id byte, body ...byte) []byte {
		return append(append([]byte{id}, wasmbin.AppendU32(nil, uint32(len(body)))...), body...)
	}
	m := append([]byte(nil), coreMagic...)
	m = append(m, sec(secType, 1, 0x60, 0, 0)...)
	m = append(m, sec(secImport, 1, 1, 'e', 1, 'h', 0x00, 0x00)...) // an imported function shifts the index of cabi_realloc
	m = append(m, sec(secFunc, 1, 0)...)
	m = append(m, sec(5, 1, 0, 8)...)
	m = append(m, sec(secGlobal, 1, 0x7f, 1, 0x41, 0, 0x0b)...)
	m = append(m, sec(secExport, 2, 6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0, 1, 'f', 0, 1)...)
	m = append(m, sec(secCode, 1, 2, 0, 0x0b)...)
	data := []byte("not the marker..")
	if withMarker {
		data = append([]byte(nil), ArenaMagic...)
	}
	var p [8]byte
	binary.LittleEndian.PutUint64(p[:], uint64(arena))
	n := 8
	for n > 0 && p[n-1] == 0 {
		n--
	}
	data = append(data, p[:n]...)
	seg := []byte{1, 0, 0x41}
	seg = wasmbin.AppendSLEB(seg, 1024)
	seg = append(seg, 0x0b)
	seg = wasmbin.AppendU32(seg, uint32(len(data)))
	seg = append(seg, data...)
	m = append(m, sec(secData, seg...)...)
	return m
}

func TestAddAdapterRealloc(t *testing.T) {
	const arena = 0x10000
	mod, err := AddAdapterRealloc(tinyModule(arena, true))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	if _, err := rt.NewHostModuleBuilder("e").NewFunctionBuilder().WithFunc(func() {}).Export("h").Instantiate(ctx); err != nil {
		t.Fatal(err)
	}
	inst, err := rt.Instantiate(ctx, mod)
	if err != nil {
		t.Fatalf("patched module does not instantiate: %v", err)
	}
	realloc := inst.ExportedFunction("cabi_realloc")
	if realloc == nil {
		t.Fatal("no cabi_realloc export")
	}
	call := func(args ...uint64) (uint32, error) {
		r, err := realloc.Call(ctx, args...)
		if err != nil {
			return 0, err
		}
		return uint32(r[0]), nil
	}
	if p, err := call(0, 0, 8, 100); err != nil || p != arena {
		t.Fatalf("first allocation = 0x%x, %v; want 0x%x", p, err, arena)
	}
	if p, err := call(0, 0, 8, 16); err != nil || p != arena+104 {
		t.Fatalf("aligned allocation = 0x%x, %v", p, err)
	}
	mem := inst.Memory()
	mem.Write(arena+104, []byte("hello, adapter!!"))
	p, err := call(arena+104, 16, 1, 32)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := mem.Read(p, 16); string(b) != "hello, adapter!!" {
		t.Fatalf("realloc did not copy: %q", b)
	}
	if _, err := call(0, 0, 8, ArenaSize); err == nil {
		t.Fatal("allocation beyond the arena did not trap")
	}
	// Idempotent: a module that already exports cabi_realloc is unchanged.
	again, err := AddAdapterRealloc(mod)
	if err != nil || len(again) != len(mod) {
		t.Fatalf("second pass changed the module: %v", err)
	}
}

func TestHasArena(t *testing.T) {
	if !HasArena(tinyModule(0x10000, true)) || HasArena(tinyModule(0x10000, false)) || HasArena([]byte("junk")) {
		t.Fatal("HasArena")
	}
}

func TestAddAdapterReallocErrors(t *testing.T) {
	if _, err := AddAdapterRealloc(tinyModule(0x10000, false)); !errors.Is(err, ErrNoArena) {
		t.Errorf("no marker: %v", err)
	}
	if _, err := AddAdapterRealloc([]byte("\x00asm")); err == nil {
		t.Error("short module accepted")
	}
	m := tinyModule(0x10000, true)
	if _, err := AddAdapterRealloc(m[:len(m)-3]); err == nil {
		t.Error("truncated module accepted")
	}
}

// FuzzAddAdapterRealloc checks that the rewriter never panics and that what it
// produces parses again.
func FuzzAddAdapterRealloc(f *testing.F) {
	f.Add(tinyModule(0x10000, true))
	f.Add(tinyModule(0x10000, false))
	f.Add(coreMagic)
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := AddAdapterRealloc(b)
		if err != nil {
			return
		}
		if _, err := parseSections(out); err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
	})
}
