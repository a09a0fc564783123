//go:build wasmtimehost

package wasmtimehost

// #include "shim.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// Val is a component-model value as host functions see it: bool, the integer
// and float types, Char, string, []byte (list<u8>), List, Record, Tuple,
// Variant, Enum, Option, Result, Flags or Resource.
type Val any

type (
	// Char is a Unicode scalar value.
	Char rune
	// List is a list of anything but u8.
	List []Val
	// Tuple is a tuple's fields in order.
	Tuple []Val
	// Record is a record's fields in order.
	Record []Field
	// Enum is an enum case's name.
	Enum string
	// Flags are the names of the flags that are set.
	Flags []string
)

// Field is one field of a Record.
type Field struct {
	Name string
	Val  Val
}

// Variant is a variant case with its payload (nil without one).
type Variant struct {
	Case string
	Val  Val
}

// Option is some(Val) when Some is true.
type Option struct {
	Some bool
	Val  Val
}

// Result is ok(Val) when Ok is true, else err(Val); Val is nil without a payload.
type Result struct {
	Ok  bool
	Val Val
}

// Resource is a handle to a host resource: Type says which kind (one of the
// resource type numbers of this package), Rep which one in the store's table.
type Resource struct {
	Own  bool
	Type uint32
	Rep  uint32
}

// Get returns record field name, or nil.
func (r Record) Get(name string) Val {
	for _, f := range r {
		if f.Name == name {
			return f.Val
		}
	}
	return nil
}

func valAt(base *C.wasmtime_component_val_t, i int) *C.wasmtime_component_val_t {
	return (*C.wasmtime_component_val_t)(unsafe.Add(unsafe.Pointer(base), uintptr(i)*C.sizeof_wasmtime_component_val_t))
}

func of[T any](v *C.wasmtime_component_val_t) *T { return (*T)(unsafe.Pointer(&v.of)) }

func goName(n *C.wasm_name_t) string {
	if n.size == 0 {
		return ""
	}
	return C.GoStringN((*C.char)(unsafe.Pointer(n.data)), C.int(n.size))
}

func newName(out *C.wasm_name_t, s string) {
	if s == "" {
		C.wasm_byte_vec_new_empty(out)
		return
	}
	b := []byte(s)
	C.wasm_byte_vec_new(out, C.size_t(len(b)), (*C.wasm_byte_t)(unsafe.Pointer(&b[0])))
}

// fromC converts a value wasmtime passed in. Resources become host handles:
// every resource this host sees is its own.
func fromC(ctx *C.wasmtime_context_t, v *C.wasmtime_component_val_t) (Val, error) {
	switch v.kind {
	case C.WASMTIME_COMPONENT_BOOL:
		return bool(*of[C.bool](v)), nil
	case C.WASMTIME_COMPONENT_S8:
		return int8(*of[C.int8_t](v)), nil
	case C.WASMTIME_COMPONENT_U8:
		return uint8(*of[C.uint8_t](v)), nil
	case C.WASMTIME_COMPONENT_S16:
		return int16(*of[C.int16_t](v)), nil
	case C.WASMTIME_COMPONENT_U16:
		return uint16(*of[C.uint16_t](v)), nil
	case C.WASMTIME_COMPONENT_S32:
		return int32(*of[C.int32_t](v)), nil
	case C.WASMTIME_COMPONENT_U32:
		return uint32(*of[C.uint32_t](v)), nil
	case C.WASMTIME_COMPONENT_S64:
		return int64(*of[C.int64_t](v)), nil
	case C.WASMTIME_COMPONENT_U64:
		return uint64(*of[C.uint64_t](v)), nil
	case C.WASMTIME_COMPONENT_F32:
		return float32(*of[C.float](v)), nil
	case C.WASMTIME_COMPONENT_F64:
		return float64(*of[C.double](v)), nil
	case C.WASMTIME_COMPONENT_CHAR:
		return Char(*of[C.uint32_t](v)), nil
	case C.WASMTIME_COMPONENT_STRING:
		return goName(of[C.wasm_name_t](v)), nil
	case C.WASMTIME_COMPONENT_LIST:
		l := of[C.wasmtime_component_vallist_t](v)
		n := int(l.size)
		if n > 0 && valAt(l.data, 0).kind == C.WASMTIME_COMPONENT_U8 {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(*of[C.uint8_t](valAt(l.data, i)))
			}
			return b, nil
		}
		out := make(List, n)
		for i := range out {
			x, err := fromC(ctx, valAt(l.data, i))
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case C.WASMTIME_COMPONENT_TUPLE:
		l := of[C.wasmtime_component_valtuple_t](v)
		out := make(Tuple, int(l.size))
		for i := range out {
			x, err := fromC(ctx, valAt(l.data, i))
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case C.WASMTIME_COMPONENT_RECORD:
		r := of[C.wasmtime_component_valrecord_t](v)
		out := make(Record, int(r.size))
		for i := range out {
			e := (*C.wasmtime_component_valrecord_entry_t)(unsafe.Add(unsafe.Pointer(r.data), uintptr(i)*C.sizeof_wasmtime_component_valrecord_entry_t))
			x, err := fromC(ctx, &e.val)
			if err != nil {
				return nil, err
			}
			out[i] = Field{Name: goName(&e.name), Val: x}
		}
		return out, nil
	case C.WASMTIME_COMPONENT_VARIANT:
		vv := of[C.wasmtime_component_valvariant_t](v)
		out := Variant{Case: goName(&vv.discriminant)}
		if vv.val != nil {
			x, err := fromC(ctx, vv.val)
			if err != nil {
				return nil, err
			}
			out.Val = x
		}
		return out, nil
	case C.WASMTIME_COMPONENT_ENUM:
		return Enum(goName(of[C.wasm_name_t](v))), nil
	case C.WASMTIME_COMPONENT_OPTION:
		p := *of[*C.wasmtime_component_val_t](v)
		if p == nil {
			return Option{}, nil
		}
		x, err := fromC(ctx, p)
		return Option{Some: true, Val: x}, err
	case C.WASMTIME_COMPONENT_RESULT:
		r := of[C.wasmtime_component_valresult_t](v)
		out := Result{Ok: bool(r.is_ok)}
		if r.val != nil {
			x, err := fromC(ctx, r.val)
			if err != nil {
				return nil, err
			}
			out.Val = x
		}
		return out, nil
	case C.WASMTIME_COMPONENT_FLAGS:
		f := of[C.wasmtime_component_valflags_t](v)
		out := make(Flags, int(f.size))
		for i := range out {
			out[i] = goName((*C.wasm_name_t)(unsafe.Add(unsafe.Pointer(f.data), uintptr(i)*C.sizeof_wasm_name_t)))
		}
		return out, nil
	case C.WASMTIME_COMPONENT_RESOURCE:
		any := *of[*C.wasmtime_component_resource_any_t](v)
		var h *C.wasmtime_component_resource_host_t
		if err := C.wasmtime_component_resource_any_to_host(ctx, any, &h); err != nil {
			return nil, takeError(err)
		}
		defer C.wasmtime_component_resource_host_delete(h)
		return Resource{
			Own:  bool(C.wasmtime_component_resource_host_owned(h)),
			Type: uint32(C.wasmtime_component_resource_host_type(h)),
			Rep:  uint32(C.wasmtime_component_resource_host_rep(h)),
		}, nil
	}
	return nil, fmt.Errorf("wasmtimehost: value kind %d not handled", v.kind)
}

// toC writes x into out, allocating through wasmtime's own constructors so
// that wasmtime can free what it receives.
func toC(ctx *C.wasmtime_context_t, x Val, out *C.wasmtime_component_val_t) error {
	switch x := x.(type) {
	case bool:
		out.kind = C.WASMTIME_COMPONENT_BOOL
		*of[C.bool](out) = C.bool(x)
	case int8:
		out.kind = C.WASMTIME_COMPONENT_S8
		*of[C.int8_t](out) = C.int8_t(x)
	case uint8:
		out.kind = C.WASMTIME_COMPONENT_U8
		*of[C.uint8_t](out) = C.uint8_t(x)
	case int16:
		out.kind = C.WASMTIME_COMPONENT_S16
		*of[C.int16_t](out) = C.int16_t(x)
	case uint16:
		out.kind = C.WASMTIME_COMPONENT_U16
		*of[C.uint16_t](out) = C.uint16_t(x)
	case int32:
		out.kind = C.WASMTIME_COMPONENT_S32
		*of[C.int32_t](out) = C.int32_t(x)
	case uint32:
		out.kind = C.WASMTIME_COMPONENT_U32
		*of[C.uint32_t](out) = C.uint32_t(x)
	case int64:
		out.kind = C.WASMTIME_COMPONENT_S64
		*of[C.int64_t](out) = C.int64_t(x)
	case uint64:
		out.kind = C.WASMTIME_COMPONENT_U64
		*of[C.uint64_t](out) = C.uint64_t(x)
	case float32:
		out.kind = C.WASMTIME_COMPONENT_F32
		*of[C.float](out) = C.float(x)
	case float64:
		out.kind = C.WASMTIME_COMPONENT_F64
		*of[C.double](out) = C.double(x)
	case Char:
		out.kind = C.WASMTIME_COMPONENT_CHAR
		*of[C.uint32_t](out) = C.uint32_t(x)
	case string:
		out.kind = C.WASMTIME_COMPONENT_STRING
		newName(of[C.wasm_name_t](out), x)
	case []byte:
		out.kind = C.WASMTIME_COMPONENT_LIST
		l := of[C.wasmtime_component_vallist_t](out)
		C.wasmtime_component_vallist_new_uninit(l, C.size_t(len(x)))
		for i, b := range x {
			e := valAt(l.data, i)
			e.kind = C.WASMTIME_COMPONENT_U8
			*of[C.uint8_t](e) = C.uint8_t(b)
		}
	case List:
		out.kind = C.WASMTIME_COMPONENT_LIST
		l := of[C.wasmtime_component_vallist_t](out)
		C.wasmtime_component_vallist_new_uninit(l, C.size_t(len(x)))
		for i, e := range x {
			if err := toC(ctx, e, valAt(l.data, i)); err != nil {
				return err
			}
		}
	case Tuple:
		out.kind = C.WASMTIME_COMPONENT_TUPLE
		l := of[C.wasmtime_component_valtuple_t](out)
		C.wasmtime_component_valtuple_new_uninit(l, C.size_t(len(x)))
		for i, e := range x {
			if err := toC(ctx, e, valAt(l.data, i)); err != nil {
				return err
			}
		}
	case Record:
		out.kind = C.WASMTIME_COMPONENT_RECORD
		r := of[C.wasmtime_component_valrecord_t](out)
		C.wasmtime_component_valrecord_new_uninit(r, C.size_t(len(x)))
		for i, f := range x {
			e := (*C.wasmtime_component_valrecord_entry_t)(unsafe.Add(unsafe.Pointer(r.data), uintptr(i)*C.sizeof_wasmtime_component_valrecord_entry_t))
			newName(&e.name, f.Name)
			if err := toC(ctx, f.Val, &e.val); err != nil {
				return err
			}
		}
	case Variant:
		out.kind = C.WASMTIME_COMPONENT_VARIANT
		vv := of[C.wasmtime_component_valvariant_t](out)
		newName(&vv.discriminant, x.Case)
		p, err := boxed(ctx, x.Val)
		if err != nil {
			return err
		}
		vv.val = p
	case Enum:
		out.kind = C.WASMTIME_COMPONENT_ENUM
		newName(of[C.wasm_name_t](out), string(x))
	case Option:
		out.kind = C.WASMTIME_COMPONENT_OPTION
		var p *C.wasmtime_component_val_t
		if x.Some {
			var err error
			if p, err = boxed(ctx, x.Val); err != nil {
				return err
			}
		}
		*of[*C.wasmtime_component_val_t](out) = p
	case Result:
		out.kind = C.WASMTIME_COMPONENT_RESULT
		r := of[C.wasmtime_component_valresult_t](out)
		r.is_ok = C.bool(x.Ok)
		p, err := boxed(ctx, x.Val)
		if err != nil {
			return err
		}
		r.val = p
	case Flags:
		out.kind = C.WASMTIME_COMPONENT_FLAGS
		f := of[C.wasmtime_component_valflags_t](out)
		C.wasmtime_component_valflags_new_uninit(f, C.size_t(len(x)))
		for i, name := range x {
			newName((*C.wasm_name_t)(unsafe.Add(unsafe.Pointer(f.data), uintptr(i)*C.sizeof_wasm_name_t)), name)
		}
	case Resource:
		out.kind = C.WASMTIME_COMPONENT_RESOURCE
		h := C.wasmtime_component_resource_host_new(C.bool(x.Own), C.uint32_t(x.Rep), C.uint32_t(x.Type))
		defer C.wasmtime_component_resource_host_delete(h)
		var any *C.wasmtime_component_resource_any_t
		if err := C.wasmtime_component_resource_host_to_any(ctx, h, &any); err != nil {
			return takeError(err)
		}
		*of[*C.wasmtime_component_resource_any_t](out) = any
	default:
		return fmt.Errorf("wasmtimehost: cannot pass a Go %T as a component value", x)
	}
	return nil
}

// boxed returns x on wasmtime's heap, or nil for a missing payload.
func boxed(ctx *C.wasmtime_context_t, x Val) (*C.wasmtime_component_val_t, error) {
	if x == nil {
		return nil, nil
	}
	tmp := (*C.wasmtime_component_val_t)(C.calloc(1, C.sizeof_wasmtime_component_val_t))
	defer C.free(unsafe.Pointer(tmp))
	if err := toC(ctx, x, tmp); err != nil {
		return nil, err
	}
	return C.wasmtime_component_val_new(tmp), nil
}

// takeError turns a wasmtime error into a Go error and frees it.
func takeError(err *C.wasmtime_error_t) error {
	if err == nil {
		return nil
	}
	defer C.wasmtime_error_delete(err)
	var msg C.wasm_name_t
	C.wasmtime_error_message(err, &msg)
	defer C.wasm_byte_vec_delete(&msg)
	e := &Error{Msg: goName(&msg)}
	var status C.int
	if C.wasmtime_error_exit_status(err, &status) {
		e.Exit, e.HasExit = int(status), true
	}
	return e
}

// Error is an error reported by wasmtime: a compile or link error, a trap,
// or a guest's exit (HasExit).
type Error struct {
	Msg     string
	Exit    int
	HasExit bool
}

func (e *Error) Error() string { return e.Msg }

func newCError(err error) *C.wasmtime_error_t {
	cs := C.CString(err.Error())
	defer C.free(unsafe.Pointer(cs))
	return C.wasmtime_error_new(cs)
}

// pairsOf reads a list<tuple<string, list<u8>>> (header fields, key-value
// entries); what names the function in errors.
func pairsOf(v Val, what string) ([]header, error) {
	l, _ := v.(List)
	out := make([]header, 0, len(l))
	for _, e := range l {
		t, _ := e.(Tuple)
		if len(t) != 2 {
			return nil, fmt.Errorf("%s: malformed entry", what)
		}
		k, err := stringOf(t[0])
		if err != nil {
			return nil, err
		}
		b, err := bytesOf(t[1])
		if err != nil {
			return nil, err
		}
		out = append(out, header{k, b})
	}
	return out, nil
}
