package cabi

import "strconv"

// Unit is the Go form of an absent type, as in result<_, E> or result<T>.
type Unit = struct{}

// Option is the Go form of WIT option<T>. The zero value is None.
type Option[T any] struct {
	some  bool
	value T
}

// Some returns an Option holding v.
func Some[T any](v T) Option[T] { return Option[T]{some: true, value: v} }

// None returns an empty Option.
func None[T any]() Option[T] { return Option[T]{} }

// OptionFromPtr converts a pointer (nil for none) to an Option.
func OptionFromPtr[T any](p *T) Option[T] {
	if p == nil {
		return Option[T]{}
	}
	return Some(*p)
}

// IsSome reports whether o holds a value.
func (o Option[T]) IsSome() bool { return o.some }

// IsNone reports whether o is empty.
func (o Option[T]) IsNone() bool { return !o.some }

// Get returns the value and whether there is one.
func (o Option[T]) Get() (T, bool) { return o.value, o.some }

// Value returns the value, or T's zero value for None.
func (o Option[T]) Value() T { return o.value }

// Ptr returns a pointer to a copy of the value, or nil for None.
func (o Option[T]) Ptr() *T {
	if !o.some {
		return nil
	}
	v := o.value
	return &v
}

// Result is the Go form of WIT result<T, E>. The zero value is Ok with T's zero value.
type Result[T, E any] struct {
	isErr bool
	ok    T
	err   E
}

// Ok returns a successful Result.
func Ok[T, E any](v T) Result[T, E] { return Result[T, E]{ok: v} }

// Err returns a failed Result.
func Err[T, E any](e E) Result[T, E] { return Result[T, E]{isErr: true, err: e} }

// IsOk reports whether r is the ok case.
func (r Result[T, E]) IsOk() bool { return !r.isErr }

// IsErr reports whether r is the error case.
func (r Result[T, E]) IsErr() bool { return r.isErr }

// Ok returns the ok value and whether r is ok.
func (r Result[T, E]) Ok() (T, bool) { return r.ok, !r.isErr }

// Err returns the error value and whether r is an error.
func (r Result[T, E]) Err() (E, bool) { return r.err, r.isErr }

// ResultError is the error Result.Unwrap returns for the error case: it
// carries the WIT error value (errors.As finds it).
type ResultError[E any] struct{ Value E }

func (e *ResultError[E]) Error() string {
	switch v := any(e.Value).(type) {
	case string:
		return v
	case error:
		return v.Error()
	case interface{ String() string }:
		return v.String()
	case int8, int16, int32, int64, int:
		return strconv.FormatInt(toInt64(v), 10)
	case uint8, uint16, uint32, uint64, uint:
		return strconv.FormatUint(toUint64(v), 10)
	case bool:
		return strconv.FormatBool(v)
	}
	// Not fmt: it would add 0.7 MB to every component built with cabi.
	return "cabi: the result is an error value"
}

// Unwrap converts r to Go's (value, error) form: for the error case, a
// *ResultError[E] holding the error value.
func (r Result[T, E]) Unwrap() (T, error) {
	if r.isErr {
		return r.ok, &ResultError[E]{Value: r.err}
	}
	return r.ok, nil
}

// ResultOf converts Go's (value, error) form to a result<T, string>, the
// usual shape of fallible WIT functions: the error's message is the error value.
func ResultOf[T any](v T, err error) Result[T, string] {
	if err != nil {
		return Err[T, string](err.Error())
	}
	return Ok[T, string](v)
}

func toInt64(v any) int64 {
	switch v := v.(type) {
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	}
	return 0
}

func toUint64(v any) uint64 {
	switch v := v.(type) {
	case uint8:
		return uint64(v)
	case uint16:
		return uint64(v)
	case uint32:
		return uint64(v)
	case uint64:
		return v
	case uint:
		return uint64(v)
	}
	return 0
}
