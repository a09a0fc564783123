//go:build wasmtimehost

package wasmtimehost

import (
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
)

// KeyValueVersion is the version of wasi:keyvalue this host provides: the
// draft that wasmtime serve, Spin and wasmCloud implement.
const KeyValueVersion = "0.2.0-draft"

// kvStore is the wasi:keyvalue data of this process: buckets by identifier,
// shared by every store, instance and request, as a runtime's in-memory
// store is shared by the instances it makes per request.
type kvStore struct {
	mu      sync.Mutex
	buckets map[string]map[string][]byte
}

var kv = &kvStore{buckets: map[string]map[string][]byte{}}

// bucket is an open bucket, what a bucket handle's table entry holds.
type bucket struct{ id string }

// with runs f on the bucket's map under the store's lock, creating the
// bucket on first use.
func (k *kvStore) with(id string, f func(m map[string][]byte)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	m := k.buckets[id]
	if m == nil {
		m = map[string][]byte{}
		k.buckets[id] = m
	}
	f(m)
}

func kvVersioned(name string) string { return name + "@" + KeyValueVersion }

func kvOther(msg string) Result { return fail(Variant{Case: "other", Val: msg}) }

// keyValueInterfaces implements wasi:keyvalue/store, atomics and batch over
// the process's in-memory buckets. Any identifier opens a bucket (created
// empty); values are copied in and out. atomics.increment keeps its counter
// as 8 bytes, little-endian.
func keyValueInterfaces() []Interface {
	one := func(f func(s *Store, args []Val) (Val, error)) HostFunc {
		return func(s *Store, args []Val) ([]Val, error) {
			v, err := f(s, args)
			if err != nil {
				return nil, err
			}
			return []Val{v}, nil
		}
	}
	// onBucket passes the bucket's map (locked) and the other arguments.
	onBucket := func(f func(m map[string][]byte, args []Val) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			b, err := get[*bucket](s, args[0])
			if err != nil {
				return nil, err
			}
			var v Val
			kv.with(b.id, func(m map[string][]byte) { v, err = f(m, args[1:]) })
			return v, err
		})
	}
	keys := func(v Val) ([]string, error) {
		l, _ := v.(List)
		out := make([]string, len(l))
		for i, x := range l {
			k, err := stringOf(x)
			if err != nil {
				return nil, err
			}
			out[i] = k
		}
		return out, nil
	}
	clone := func(b []byte) []byte { return append([]byte{}, b...) }

	store := Interface{
		Name:      kvVersioned("wasi:keyvalue/store"),
		Resources: map[string]uint32{"bucket": tBucket},
		Funcs: map[string]HostFunc{
			"open": one(func(s *Store, args []Val) (Val, error) {
				id, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				kv.with(id, func(map[string][]byte) {})
				return ok(own(tBucket, s.Put(&bucket{id: id}))), nil
			}),
			"[method]bucket.get": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				k, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				v, found := m[k]
				if !found {
					return ok(Option{}), nil
				}
				return ok(Option{Some: true, Val: clone(v)}), nil
			}),
			"[method]bucket.set": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				k, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				v, err := bytesOf(args[1])
				if err != nil {
					return nil, err
				}
				m[k] = clone(v)
				return ok(nil), nil
			}),
			"[method]bucket.delete": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				k, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				delete(m, k)
				return ok(nil), nil
			}),
			"[method]bucket.exists": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				k, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				_, found := m[k]
				return ok(found), nil
			}),
			// All keys in one page, sorted; the cursor is never set.
			"[method]bucket.list-keys": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				if c, _ := args[0].(Option); c.Some {
					return ok(Record{{"keys", List{}}, {"cursor", Option{}}}), nil
				}
				names := make([]string, 0, len(m))
				for k := range m {
					names = append(names, k)
				}
				sort.Strings(names)
				l := make(List, len(names))
				for i, k := range names {
					l[i] = k
				}
				return ok(Record{{"keys", l}, {"cursor", Option{}}}), nil
			}),
		},
	}
	atomics := Interface{
		Name: kvVersioned("wasi:keyvalue/atomics"),
		Funcs: map[string]HostFunc{
			"increment": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				k, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				delta, err := u64(args[1])
				if err != nil {
					return nil, err
				}
				var n uint64
				if v, found := m[k]; found {
					if len(v) != 8 {
						return kvOther(fmt.Sprintf("value of %q is not a counter (%d bytes, not 8)", k, len(v))), nil
					}
					n = binary.LittleEndian.Uint64(v)
				}
				n += delta
				m[k] = binary.LittleEndian.AppendUint64(nil, n)
				return ok(n), nil
			}),
		},
	}
	batch := Interface{
		Name: kvVersioned("wasi:keyvalue/batch"),
		Funcs: map[string]HostFunc{
			"get-many": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				ks, err := keys(args[0])
				if err != nil {
					return nil, err
				}
				out := make(List, len(ks))
				for i, k := range ks {
					if v, found := m[k]; found {
						out[i] = Option{Some: true, Val: Tuple{k, clone(v)}}
					} else {
						out[i] = Option{}
					}
				}
				return ok(out), nil
			}),
			"set-many": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				entries, err := pairsOf(args[0], "set-many")
				if err != nil {
					return nil, err
				}
				for _, e := range entries {
					m[e.name] = clone(e.value)
				}
				return ok(nil), nil
			}),
			"delete-many": onBucket(func(m map[string][]byte, args []Val) (Val, error) {
				ks, err := keys(args[0])
				if err != nil {
					return nil, err
				}
				for _, k := range ks {
					delete(m, k)
				}
				return ok(nil), nil
			}),
		},
	}
	return []Interface{store, atomics, batch}
}
